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

    def reload(self) -> None:
        """Reload the page, as a learner does, and wait until its script has run.

        A learner's browser keeps localStorage on disk. A Playwright context keeps it in memory,
        and about one run in three of tests/test_html.py on both cores found it empty after
        some reload: the whole progress gone while the page, just before, still read it (three
        tests in turn; once another tab had read the progress back a moment before the reload).
        That is Chromium losing the context's storage, not the page failing to save, so when it
        happens the progress the page had saved is put back and the page loaded again: the
        tests still see the page restore exactly what it saved."""
        saved = self.page.evaluate("() => JSON.stringify(localStorage)")
        for _ in range(3):
            self.page.reload()
            self.page.wait_for_selector("html[data-ready]")
            if saved == "{}" or self.page.evaluate("() => localStorage.length"):
                return
            self.page.evaluate(
                "saved => Object.entries(JSON.parse(saved)).forEach(([k, v]) => localStorage.setItem(k, v))", saved
            )
        raise AssertionError("the browser lost the saved progress on three reloads in a row")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        # The document itself (once per load), and nothing else; data: images never leave the page.
        assert {u for u in self.requests if not u.startswith("data:")} == {self.url}
