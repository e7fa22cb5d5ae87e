"""quizgen: one YAML question bank, three outputs (Anki, PDF, self-grading HTML)."""

__version__ = "0.1.0"
