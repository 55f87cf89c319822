"""The package as `pip install .` installs it (a wheel, not this checkout) finds its questionnaires, migrations,
texts and fonts: the app and the command line read the same copy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from profiling.settings import SHIPPED_QUESTIONNAIRES

ROOT = Path(__file__).resolve().parents[2]


def test_an_installed_package_validates_the_questionnaires_it_ships(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    shipped = sorted(str(p.relative_to(SHIPPED_QUESTIONNAIRES)) for p in SHIPPED_QUESTIONNAIRES.rglob("*") if p.is_file())
    with zipfile.ZipFile(wheel) as archive:
        inside = sorted(n.removeprefix("profiling/_questionnaires/") for n in archive.namelist() if "_questionnaires/" in n)
        archive.extractall(tmp_path / "site")
    assert inside == shipped  # every framework, guide and schema file
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "PROFILING_DATA_DIR": str(tmp_path / "data")}
    env.pop("PROFILING_QUESTIONNAIRES_DIR", None)
    script = "import sys; from profiling.settings import Settings; print(Settings().questionnaires_dir); " \
             "sys.argv = ['profiling', 'validate']; from profiling.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    # the installed copy's questionnaires, not this checkout's
    assert result.stdout.startswith(str(tmp_path / "site" / "profiling" / "_questionnaires"))
    assert "OK: 2 framework(s), 4 guide(s)." in result.stdout
