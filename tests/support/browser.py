"""Debian's Chromium, started the one way this machine allows: headless, no sandbox (root), and
no background networking (the closed network refuses those connections by the dozen); and the
quiz page as a test holds it (`Quiz`, what conftest's `open_quiz` returns)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass
class Quiz:
    """A page under test and everything it did that a test may want to forbid."""

    page: object
    url: str
    errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    def q(self, qid: str):
        return self.page.locator(f"#q-{qid}")

    @property
    def score(self) -> str:
        return self.page.locator("#score").inner_text()

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        # The document itself (once per load), and nothing else; data: images never leave the page.
        assert {u for u in self.requests if not u.startswith("data:")} == {self.url}
