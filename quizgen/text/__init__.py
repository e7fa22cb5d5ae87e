"""Text in a bank's fields: Markdown to safe HTML, TeX formulas, cloze markers."""
