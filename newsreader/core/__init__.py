"""The headless core of newsreader: corpus loading and cleaning, extraction, index, timeline.

Nothing in this package imports Textual or Rich; a test checks it.
"""
