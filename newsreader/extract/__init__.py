"""Extraction: from a file to an article with its entities and timeline.

Reading files and web pages (textio, frontmatter, htmltext, pagemeta, corpus), cleaning and
metadata, tokens and sentences, entities (gazetteer, entities, citations), dates (datewords,
dates) and the timeline. Headless and engine-free: nothing here imports the search engine,
NumPy, Textual or Rich (import-linter checks it).
"""
