"""What quizgen needs from the system: atomic writes and zips, sealed records, its bundled files, worker processes."""
