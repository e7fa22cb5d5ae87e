"""`quizgen docs`: the user documentation (the `docs/*.md` pages), shipped inside the package so a
pip install has it too; `quizgen new` and messages point here rather than to a file path."""

from __future__ import annotations

from quizgen.runtime import bundled


def pages() -> dict[str, str]:
    """Each page's topic (its file name without `.md`) and its title (its first heading)."""
    found = {}
    for path in sorted(bundled.folder("docs").glob("*.md")):
        first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()), "")
        found[path.stem] = first.lstrip("#").strip()
    return found


def page(topic: str) -> str | None:
    """The Markdown text of one page (`format`, `format.md` and `FORMAT` all name docs/format.md)."""
    name = topic.strip().lower().removesuffix(".md")
    if name not in pages():
        return None
    return (bundled.folder("docs") / f"{name}.md").read_text(encoding="utf-8")
