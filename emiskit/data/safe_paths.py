"""Which paths the data commands may open: regular files only.

A named pipe (FIFO) blocks whoever opens it until something writes to it, and a device
such as ``/dev/zero`` never ends, so a validator that opened them would hang or fill the
memory. The kind of a path is known from ``os.stat`` without opening it: everything that
is not a regular file is refused with a message saying what it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def special_kind(path: Path | str) -> str | None:
    """What ``path`` is if it is not a regular file (``None`` for a regular file).

    Raises ``FileNotFoundError`` if there is nothing at ``path``. Never opens the path.
    """
    mode = os.stat(path).st_mode  # follows symbolic links, like open() would
    if stat.S_ISREG(mode):
        return None
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def refusal(path: Path | str) -> str | None:
    """A plain message refusing ``path``, or ``None`` if it is a regular file to read."""
    try:
        kind = special_kind(path)
    except FileNotFoundError:
        return f'There is no file "{path}".'
    except OSError as err:
        return f'Cannot look at "{path}": {err.strerror or err}.'
    if kind is None:
        return None
    if kind == "a folder":
        return f'"{path}" is a folder; give the path of a file.'
    return (f'"{path}" is {kind}, not a file saved on disk: it was not opened, because '
            "reading it could wait forever. Save the data to an ordinary file (for example "
            "a .csv export) and give that file's path.")
