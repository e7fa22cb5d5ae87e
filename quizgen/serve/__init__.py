"""`quizgen serve`: a live preview of banks while they are edited.

`site.py` decides what each address shows (the quiz page, the errors `validate` would print,
an index, the PDFs) and rebuilds on demand; `server.py` serves it with the standard library's
ThreadingHTTPServer, watches the banks' folders with watchfiles and tells open pages to reload
through a server-sent event stream.
"""
