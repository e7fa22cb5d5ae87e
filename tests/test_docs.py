"""The documentation a user sees: every link resolves for them, and a pip install carries the
format reference (`quizgen docs`), which is where `quizgen new` points."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from quizgen.commands.scaffold import example_text

REPO = Path(__file__).resolve().parent.parent
USER_DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    return {
        re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in markdown.splitlines()
        if line.startswith("#")
    }


@pytest.mark.parametrize("doc", USER_DOCS, ids=lambda p: p.name)
def test_every_link_in_the_docs_resolves_inside_the_repository(doc):
    text = doc.read_text(encoding="utf-8")
    for target in _LINK.findall(text):
        if re.match(r"(https?|mailto):", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (doc.parent / path).resolve() if path else doc
        assert resolved.is_relative_to(REPO), f"{doc.name} links outside the repository: {target}"
        if path.endswith((".png", ".jpg", ".svg")) and doc.name == "format.md":
            continue  # an example of image syntax, not a link
        assert resolved.exists(), f"{doc.name}: {target} does not exist"
        if anchor:
            assert anchor in _anchors(resolved.read_text(encoding="utf-8")), f"{doc.name}: no #{anchor}"


def test_quizgen_docs_lists_every_page_by_its_title_and_prints_each(run_cli):
    listing = run_cli("docs").stdout
    for page in sorted((REPO / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].lstrip("#").strip()
        assert re.search(rf"^{re.escape(page.stem)} +{re.escape(title)}$", listing, re.M), page.name
        result = run_cli("docs", page.stem)
        assert result.exit_code == 0 and result.stdout == text, page.name
    assert run_cli("docs", "no-such-page").exit_code == 2


def test_the_scaffold_points_to_what_a_pip_install_has(run_cli):
    text = example_text("x")
    assert "docs/" not in text
    topics = re.findall(r"`quizgen docs (\S+)`", text)
    assert topics and all(run_cli("docs", topic).exit_code == 0 for topic in topics)


def installed_like_a_wheel(tmp_path: Path) -> Path:
    """The package as the wheel lays it out: quizgen/ plus pyproject.toml's force-included folders,
    and no source tree around it."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "quizgen", site / "quizgen", ignore=shutil.ignore_patterns("__pycache__"))
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    for source, target in wheel["force-include"].items():
        shutil.copytree(REPO / source, site / target)
    return site


def test_a_wheel_carries_the_docs_and_templates(tmp_path):
    site = installed_like_a_wheel(tmp_path)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    shown = subprocess.run(
        [sys.executable, "-m", "quizgen", "docs", "format"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    made = subprocess.run(
        [sys.executable, "-m", "quizgen", "new", "bank.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr


def test_the_readme_debian_commands_install_an_extra_that_exists_and_the_tests_need_what_a_build_does():
    """The README's two commands (build; test, which CI runs: tests/test_ci_script.py): each pip
    target names an extra pyproject has, and the tests' system packages include the build's."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    build, test = [
        [shlex.split(step) for step in line.split(" && ")]
        for line in readme.splitlines()
        if line.startswith("apt-get update && ")
    ]
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    packages = []
    for command in (build, test):
        [install] = [step for step in command if step[:2] == ["apt-get", "install"]]
        packages.append({word for word in install[2:] if not word.startswith("-")})
        [pip] = [step for step in command if step[0] == "pip"]
        assert all(target in (".", *(f".[{extra}]" for extra in extras)) for target in pip[2:]), pip
    assert packages[0] < packages[1]
