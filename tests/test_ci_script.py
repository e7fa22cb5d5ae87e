"""`.ci/run`, run for real with every outside program replaced by a stub that logs its arguments:
what it installs, into which Python, and what it runs. What it must do is read from the README's
test command and from constraints.txt, not written out again here."""

from __future__ import annotations

import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent

LOGGING_STUB = '#!/bin/bash\necho "{name} $*" >> "{log}"\n'
# The stub python3 makes the virtual environment it is asked for, with a logging python inside.
PYTHON3_STUB = (
    LOGGING_STUB
    + """if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/bash\\necho "venv-python $*" >> "{log}"\\n' > "$3/bin/python"
  chmod +x "$3/bin/python"
fi
"""
)


def readme_test_command() -> list[list[str]]:
    """The README's Debian test command (the one that ends in pytest), split into its steps."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [line] = [line for line in readme.splitlines() if line.startswith("apt-get ") and "pytest" in line]
    return [shlex.split(step) for step in line.split(" && ")]


def _stub(folder: Path, name: str, text: str, log: Path) -> None:
    path = folder / name
    path.write_text(text.replace("{name}", name).replace("{log}", str(log)))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def run_ci(tmp_path: Path, *, installed: bool, but: str = "") -> list[list[str]]:
    """Run .ci/run on a machine where every system package is `installed` (`but` one), or none
    is; returns the logged calls (dpkg's look-ups left out), each split into its words."""
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "run", repo / ".ci" / "run")
    (tmp_path / "shared" / "sources").mkdir(parents=True)
    (tmp_path / "shared" / "sources" / "muse-spark-article.txt").write_text("Text.\n")
    stubs, log = tmp_path / "bin", tmp_path / "log"
    stubs.mkdir()
    for tool in ("dirname", "mktemp", "rm", "mkdir", "chmod", "printf"):
        (stubs / tool).symlink_to(shutil.which(tool))
    _stub(stubs, "python3", PYTHON3_STUB, log)
    _stub(stubs, "dpkg", LOGGING_STUB + (f'[ "$2" != "{but}" ]\n' if installed else "exit 1\n"), log)
    _stub(stubs, "apt-get", LOGGING_STUB, log)
    if installed:  # the commands CI looks for on PATH
        for command in ("chromium", "pdftoppm"):
            _stub(stubs, command, LOGGING_STUB, log)
    result = subprocess.run(
        ["/bin/bash", str(repo / ".ci" / "run")],
        env={"PATH": str(stubs), "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return [line.split() for line in log.read_text().splitlines() if not line.startswith("dpkg ")]


def test_a_bare_machine_gets_the_system_packages_of_the_readme_test_command(tmp_path):
    calls = run_ci(tmp_path, installed=False)
    update, install, *_ = readme_test_command()
    apt = [call for call in calls if call[0] == "apt-get"]
    assert [call[:2] for call in apt] == [update[:2], install[:2]]  # the list refreshed first
    assert sorted(word for word in apt[1][2:] if not word.startswith("-")) == sorted(
        word for word in install[2:] if not word.startswith("-")
    )


def test_a_machine_that_has_them_skips_apt_and_one_that_lacks_one_gets_that_one(tmp_path):
    assert [call for call in run_ci(tmp_path / "warm", installed=True) if call[0] == "apt-get"] == []
    *_, last = readme_test_command()[1]
    apt = [call for call in run_ci(tmp_path / "one", installed=True, but=last) if call[0] == "apt-get"]
    assert [call[:2] for call in apt] == [["apt-get", "update"], ["apt-get", "install"]]
    assert [word for word in apt[1][2:] if not word.startswith("-")] == [last]


def test_ci_installs_into_a_fresh_virtual_environment_from_the_constraints_and_runs_the_readme_tests(tmp_path):
    calls = run_ci(tmp_path, installed=True)
    *_, (pip, _, target), test_command = readme_test_command()
    [venv] = [call[-1] for call in calls if call[:3] == ["python3", "-m", "venv"]]
    assert Path(venv).parent == tmp_path and not Path(venv).exists()  # new each run, then removed
    in_venv = [call[1:] for call in calls if call[0] == "venv-python"]
    install, *checks, tests = in_venv[: in_venv.index(next(c for c in in_venv if c[:2] == test_command[1:])) + 1]
    after = in_venv[len(checks) + 2 :]
    assert install[:3] == ["-m", pip, "install"] and install[-1] == target
    assert install[install.index("-c") + 1] == "constraints.txt"
    # Before the tests: the code's format, lint and types.
    assert [tuple(call[:3]) for call in checks] == [("-m", "ruff", "format"), ("-m", "ruff", "check"), ("-m", "mypy")]
    # The README's command, with options that only report (the slowest tests).
    assert tests[:2] == test_command[1:] and all(re.fullmatch(r"--durations=\d+", o) for o in tests[2:])
    # Then the banks: each checked against its article (there is one here) and linted.
    assert {tuple(call[:3]) for call in after} == {("-m", "quizgen", "check"), ("-m", "quizgen", "lint")}


def test_the_constraints_pin_every_requirement_of_the_test_extra():
    """Each package pyproject asks for (quizgen's own and its test extra's, recursively through
    `quizgen[...]`) is pinned in constraints.txt, at a version its specifier accepts."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not a pin: {line}"
            pins[canonicalize_name(name)] = version.strip()
    assert "quizgen" not in pins
    wanted, extras = list(project["dependencies"]), ["test"]
    while extras:
        for text in project["optional-dependencies"][extras.pop()]:
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == "quizgen":
                extras += requirement.extras
            else:
                wanted.append(text)
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (text, pins[name])
