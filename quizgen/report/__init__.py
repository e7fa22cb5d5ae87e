"""`quizgen report` and `quizgen lint --results`: what a class's answers say about a bank.

`attempts.py` is the one shape every result file is read into; `sheets.py`, `page.py`,
`moodle.py` and `canvas.py` read `quizgen grade`'s results, the page's exported attempts,
Moodle's Responses report and Canvas's Student Analysis (`read.py` picks the reader, `texts.py` matches an LMS's texts to the bank's);
`analysis.py` computes the statistics (`quizgen.grading.statistics`) and the flags;
`charts.py` lays out the SVG charts, `render.py` writes the HTML, CSV and JSON, `learn.py`
turns the flags into lint warnings at the questions' lines, and `command.py` runs the command.
"""
