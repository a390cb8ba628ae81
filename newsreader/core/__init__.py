"""The search core of newsreader: the index, the library that reads it, the reader's state and
what is built on them (timelines across articles, briefings, coverage). Extraction, which this
core calls, is `newsreader.extract`.

Nothing in this package imports Textual or Rich; a test checks it.
"""
