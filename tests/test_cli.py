"""The ``emiskit`` command line entry point."""

from __future__ import annotations

import subprocess
import sys

from emiskit import __version__
from emiskit.cli import main


def test_version_flag(capsys) -> None:
    try:
        main(["--version"])
    except SystemExit as stop:
        assert stop.code == 0
    assert capsys.readouterr().out.strip() == f"emiskit {__version__}"


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    assert main([]) == 2
    assert "usage: emiskit" in capsys.readouterr().err


def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "emiskit", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Tools for the EMIS and evidence course kit" in done.stdout
