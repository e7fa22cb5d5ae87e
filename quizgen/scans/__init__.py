"""`quizgen grade`: answer sheets read back from scans (see docs/grading-scans.md).

`pages.py` turns files into greyscale page images, `locate.py` finds the sheet on a page (QR
code, corner markers) and straightens it, `marks.py` reads the bubbles, `grade.py` scores them
with the grading model and writes the results, `stats.py` the per-question statistics and
`annotate.py` the checked copies. OpenCV, NumPy and pypdfium2 are imported by these modules
only, and these only by the `grade` command (`pip install 'quizgen[grade]'`).
"""
