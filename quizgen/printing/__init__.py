"""Printing with WeasyPrint, shared by every PDF output (papers and keys, flashcards, answer sheets)."""
