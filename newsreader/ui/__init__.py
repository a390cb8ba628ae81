"""The Textual reader app on top of the headless core."""
