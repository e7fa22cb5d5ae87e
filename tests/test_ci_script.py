"""`.ci/run`, run for real with every outside program replaced by a stub that logs its arguments:
what it installs, into which Python, and what it runs."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

LOGGING_STUB = '#!/bin/bash\necho "{name} $*" >> "{log}"\n'
# The stub python3 makes the virtual environment it is asked for, with a logging python inside.
PYTHON3_STUB = LOGGING_STUB + '''if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/bash\\necho "venv-python $*" >> "{log}"\\n' > "$3/bin/python"
  chmod +x "$3/bin/python"
fi
'''
DPKG_STUB = LOGGING_STUB + '[ "$2" != fonts-noto-cjk ]\n'  # one package is missing


def _stub(folder: Path, name: str, text: str, log: Path) -> None:
    path = folder / name
    path.write_text(text.replace("{name}", name).replace("{log}", str(log)))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def run_ci(tmp_path: Path) -> list[str]:
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
    _stub(stubs, "dpkg", DPKG_STUB, log)
    _stub(stubs, "apt-get", LOGGING_STUB, log)
    # No chromium and no pdftoppm on this PATH: the script must install them.
    result = subprocess.run(["/bin/bash", str(repo / ".ci" / "run")], env={"PATH": str(stubs),
                            "TMPDIR": str(tmp_path)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [line for line in log.read_text().splitlines() if not line.startswith("dpkg ")]


def test_ci_installs_into_a_fresh_virtual_environment_and_runs_the_readme_test_command(tmp_path):
    calls = run_ci(tmp_path)
    venv = calls[2].split()[-1]
    assert calls == [
        "apt-get update -qq",  # before installing, and only because something was missing
        "apt-get install -y -qq chromium poppler-utils fonts-noto-cjk",
        f"python3 -m venv {venv}",
        "venv-python -m pip install -q --disable-pip-version-check .[test]",
        "venv-python -m pytest",
        "venv-python -m quizgen check questions/muse-spark.yaml "
        "--source ../shared/sources/muse-spark-article.txt --min-coverage 100",
        "venv-python -m quizgen lint --strict questions",
    ]
    assert Path(venv).parent == tmp_path and not Path(venv).exists()  # new each run, then removed
