"""How a bank is presented in every output: words in its language, answer text, citations, shuffles, templates, answer-sheet geometry."""
