"""Rendering letters leaves no temporary folder behind (WeasyPrint's embedded fonts live in
a folder of the portal's own, removed when the process ends)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.unit.test_letters import needs_fonts

ROOT = Path(__file__).resolve().parents[2]

RENDER = """
import os, signal, sys
from pathlib import Path
from portal import create_app
from portal.config import Settings
from portal.services.correspondence import letters
from tests.unit.test_letters import refusal_context

letters.SCRATCH_ROOT = Path(sys.argv[1])
app = create_app(Settings(env="test", secret_key="t", database_url="sqlite://"))
with app.app_context():
    for large_print in (False, True):
        pdf = letters.render_pdf("documents/refusal.html", refusal_context(),
                                 large_print=large_print)
        assert pdf.startswith(b"%PDF-")
scratch = Path(sys.argv[1])
print(len(list(scratch.iterdir())) if scratch.exists() else 0,
      len(list(letters._font_config._folder.iterdir())), flush=True)
if sys.argv[2] == "killed":  # as `kill`, systemd or docker stop end a server: no clean-up runs
    os.kill(os.getpid(), signal.SIGTERM)
"""


def _render_in_a_process(scratch: Path, system_tmp: Path, end: str = "exit") -> list[str]:
    env = {**os.environ, "TMPDIR": str(system_tmp), "TEMP": str(system_tmp),
           "TMP": str(system_tmp)}
    result = subprocess.run([sys.executable, "-c", RENDER, str(scratch), end], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == (-signal.SIGTERM if end == "killed" else 0), result.stderr
    return result.stdout.split()


@needs_fonts
def test_a_process_that_rendered_letters_leaves_no_folder_behind(tmp_path):
    scratch, system_tmp = tmp_path / "scratch", tmp_path / "tmp"
    system_tmp.mkdir()
    folders, fonts = _render_in_a_process(scratch, system_tmp)
    assert (folders, int(fonts) > 0) == ("1", True)  # while it ran: one folder, its fonts
    assert list(system_tmp.iterdir()) == []  # never a weasyprint-* folder in /tmp
    assert list(scratch.iterdir()) == []  # and its own folder went when it ended


@needs_fonts
def test_a_process_killed_leaves_its_folder_only_until_the_next_one_renders(tmp_path):
    scratch, system_tmp = tmp_path / "scratch", tmp_path / "tmp"
    system_tmp.mkdir()
    _render_in_a_process(scratch, system_tmp, "killed")
    assert list(system_tmp.iterdir()) == []  # nothing in /tmp, ever
    assert len(list(scratch.iterdir())) == 1  # the killed process's folder, in ours
    _render_in_a_process(scratch, system_tmp)
    assert list(scratch.iterdir()) == []  # removed by the next process, which cleaned up too


@needs_fonts
def test_only_folders_of_processes_that_died_on_this_host_are_removed(tmp_path):
    scratch, system_tmp = tmp_path / "scratch", tmp_path / "tmp"
    system_tmp.mkdir()
    scratch.mkdir()
    host = socket.gethostname()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (scratch / f"{host}.{dead}.x1y2z3").mkdir()
    (scratch / f"{host}.{dead}.x1y2z3" / "font").write_bytes(b"wOFF")
    alive = scratch / f"{host}.{os.getpid()}.a1b2c3"  # this test's own process: running
    alive.mkdir()
    elsewhere = scratch / f"other-host.{dead}.d4e5f6"  # another server's: not ours to judge
    elsewhere.mkdir()
    _render_in_a_process(scratch, system_tmp)
    assert sorted(p.name for p in scratch.iterdir()) == sorted([alive.name, elsewhere.name])
