"""`-f anki`: the Anki deck.

`format.py` is the format (what the registry loads); `notes.py` turns questions into notes of
the stable note types, `state.py` keeps when each question last changed. Only `format.py`
imports genanki.
"""
