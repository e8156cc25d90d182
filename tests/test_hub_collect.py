"""Collect and return without a hub, and the pieces of the accounts mode that need no
running hub: what each step does with missing, unchanged and planted files, which log-in
names are refused, and whether a memory limit really stops a process on this machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from emiskit import hub, hub_accounts, hub_collect, hub_limits
from emiskit.hub_collect import Participant, collect, return_feedback

EXERCISE = "ger"
ME = os.getuid()


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    for name, text in {"notebooks/a.ipynb": "{}", "datasets/s.csv": "x\n",
                       f"exercises/{EXERCISE}.ipynb": "blank",
                       f"exercises/source/{EXERCISE}.ipynb": "answers"}.items():
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text(text)
    return course


def _people(tmp_path: Path, course: Path) -> list[Participant]:
    """Four homes: one with work, one untouched, one empty, one with a planted link."""
    homes = tmp_path / "homes"
    people = [Participant(name, homes / name, ME) for name in ("ana", "ben", "eva", "leo")]
    for person in people[:2] + people[3:]:
        hub.provision_home(course, person.home)
    (people[2].home).mkdir(parents=True)
    (people[0].home / "exercises" / f"{EXERCISE}.ipynb").write_text("ana's answers")
    planted = people[3].home / "exercises" / f"{EXERCISE}.ipynb"
    planted.unlink()
    planted.symlink_to(course / "exercises" / "source" / f"{EXERCISE}.ipynb")
    return people


def test_collect_copies_work_and_lists_everyone_else(tmp_path: Path) -> None:
    course = _course(tmp_path)
    to = tmp_path / "collected"
    (to).mkdir()
    (to / "ben.ipynb").write_text("an older copy")
    result = collect(EXERCISE, to, _people(tmp_path, course), course)
    assert result.collected == ["ana"]
    assert result.unchanged == ["ben"]
    assert result.missing == ["eva"]
    assert list(result.refused) == ["leo"], "a link to the answers must not be followed"
    assert sorted(p.name for p in to.glob("*.ipynb")) == ["ana.ipynb"]
    assert (to / "ana.ipynb").read_text() == "ana's answers"
    assert to.stat().st_mode & 0o777 == 0o700
    assert (to / "ana.ipynb").stat().st_mode & 0o777 == 0o600
    with (to / "collection.csv").open() as handle:
        record = {row["account"]: row["status"] for row in csv.DictReader(handle)}
    assert record == {"ana": "collected", "ben": "unchanged", "eva": "missing",
                      "leo": "refused"}
    with pytest.raises(hub.HubConfigError, match=r"no exercise 'gre'.*ger"):
        collect("gre", to, [], course)


def test_a_file_of_another_owner_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "exercises").mkdir(parents=True)
    (home / "exercises" / "x.ipynb").write_text("{}")
    assert hub_collect.read_own_file(home, "exercises/x.ipynb", ME) == b"{}"
    assert hub_collect.read_own_file(home, "exercises/none.ipynb", ME) is None
    with pytest.raises(PermissionError):
        hub_collect.read_own_file(home, "exercises/x.ipynb", ME + 1)


def _gradebook(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["learner", "file", "q1", "total", "possible",
                                         "status", "message"])
        writer.writeheader()
        for row in rows:
            writer.writerow({"q1": "1", "total": "1", "possible": "2", "status": "graded",
                             "message": "", **row})
    return path


def test_return_maps_rows_by_file_and_lists_who_gets_nothing(tmp_path: Path) -> None:
    homes = tmp_path / "homes"
    people = [Participant(n, homes / n, ME) for n in ("maria.lopez", "maria_lopez", "ben", "eva")]
    for person in people:
        person.home.mkdir(parents=True)
    feedback = tmp_path / "feedback"
    feedback.mkdir()
    # Two accounts the grader gives the same id, told apart by its "-2": read, not guessed.
    (feedback / "maria-lopez.html").write_text("page of maria.lopez")
    (feedback / "maria-lopez-2.html").write_text("page of maria_lopez")
    gradebook = _gradebook(tmp_path / "gradebook.csv", [
        {"learner": "maria-lopez", "file": "maria.lopez.ipynb"},
        {"learner": "maria-lopez-2", "file": "maria_lopez.ipynb"},
        {"learner": "ben", "file": "ben.ipynb"},
        {"learner": "zoe", "file": "zoe.ipynb"}])
    # ben has a folder of his own called "feedback", and a link where the page goes.
    (homes / "ben" / "feedback").mkdir()
    (homes / "ben" / "feedback" / "notes.txt").write_text("mine")

    result = return_feedback(EXERCISE, gradebook, feedback, people)

    assert result.returned == ["maria.lopez", "maria_lopez"]
    assert result.no_row == ["eva"] and result.no_page == ["ben"]
    assert result.unknown_rows == ["zoe.ipynb"]
    page = homes / "maria_lopez" / "feedback" / f"{EXERCISE}.html"
    assert page.read_text() == "page of maria_lopez"
    assert page.stat().st_mode & 0o777 == 0o444
    assert (homes / "maria.lopez" / "feedback" / f"{EXERCISE}.html").read_text() == \
        "page of maria.lopez"


def test_return_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    (home / "feedback").symlink_to(elsewhere)
    person = Participant("ana", home, ME)
    page = hub_collect.place_feedback(person, EXERCISE, b"ana's page")
    assert list(elsewhere.iterdir()) == []
    assert page.read_bytes() == b"ana's page" and not (home / "feedback").is_symlink()
    assert any(p.name.startswith("feedback-mine-") for p in home.iterdir())


def test_a_gradebook_without_the_graders_columns_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "marks.csv"
    bad.write_text("name,score\nana,3\n")
    with pytest.raises(hub.HubConfigError, match="'learner' and 'file'"):
        return_feedback(EXERCISE, bad, tmp_path, [])


def test_existing_accounts_cannot_be_used_as_log_in_names() -> None:
    assert not hub_accounts.may_log_in("root", "emiskit-participants")
    assert not hub_accounts.may_log_in("daemon", "emiskit-participants")
    assert hub_accounts.may_log_in("no-such-account-emk", "emiskit-participants")
    assert not hub_accounts.is_participant("root", "root")


def test_closed_folders_above_a_path(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    (closed / "inside").mkdir(parents=True)
    closed.chmod(0o700)
    assert closed in hub_accounts.closed_folders(closed / "inside")
    closed.chmod(0o711)
    assert closed not in hub_accounts.closed_folders(closed / "inside")


def test_the_admin_password_is_stored_as_first_use_checks_it(tmp_path: Path) -> None:
    pytest.importorskip("firstuseauthenticator")
    import dbm

    import bcrypt

    from emiskit.hub_jupyterhub import set_password

    path = str(tmp_path / "passwords.dbm")
    set_password(path, "facilitator", "a-long-admin-password")
    with dbm.open(path) as db:
        stored = db[b"facilitator"]
    assert bcrypt.checkpw(b"a-long-admin-password", stored)
    assert not bcrypt.checkpw(b"another-password", stored)


def test_hub_check_reports_what_is_enforced(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("EMISKIT_HUB_"):
            monkeypatch.delenv(name)
    parser = argparse.ArgumentParser()
    hub.register(parser.add_subparsers())
    args = parser.parse_args(["hub", "check"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    enforcement = hub_limits.detect()
    memory = "enforced (" if enforcement.memory else "advisory only"
    assert f"Memory limit per participant: {memory}" in out
    assert "Mode: accounts" in out


@pytest.mark.skipif(not hub_limits.detect().memory, reason="no enforceable memory limit here")
def test_a_memory_limit_stops_a_process_that_goes_over_it() -> None:
    name = f"emk-test-limit-{os.getpid()}"
    groups = hub_limits.prepare(name, 64 * 2**20, 0.5)
    try:
        hog = "b = bytearray(400 * 2**20); print('survived', len(b))"
        ok = "b = bytearray(8 * 2**20); print('fine', len(b))"
        for code, survives in ((ok, True), (hog, False)):
            process = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                     text=True, timeout=60,
                                     preexec_fn=hub_limits.joiner(groups))
            assert (process.returncode == 0) is survives, (code, process.returncode)
    finally:
        hub_limits.release(groups)
    assert not any(group.exists() for group in groups)


def test_collect_and_return_command_lines(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    course = _course(tmp_path)
    people = _people(tmp_path, course)
    monkeypatch.setattr(hub_collect, "hub_participants", lambda env=None: people)
    parser = argparse.ArgumentParser()
    hub.register(parser.add_subparsers())
    args = parser.parse_args(["hub", "collect", EXERCISE, "--to", str(tmp_path / "c"),
                              "--course", str(course)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Collected (1): ana" in out and "Unchanged, not collected (1): ben" in out
    assert "Missing (1): eva" in out and "Refused, leo" in out
