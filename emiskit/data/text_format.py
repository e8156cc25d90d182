"""How a text file was saved: its encoding and its column separator.

Ministries export CSV files from Excel or from their EMIS in whatever their computers
use: Windows-1252 (Excel's "CSV" on Windows in Spanish or Portuguese), UTF-8 with a
byte-order mark (Excel's "CSV UTF-8"), semicolons where the decimal mark is a comma.
Both the validator and the importer need to know which, and say why they think so. The
file is read in blocks, never whole, so a file of gigabytes costs a few megabytes here.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 1 << 16
"""How much of the start of a file is read to find its separator and header."""
BLOCK = 1 << 20

_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")

SEPARATOR_NAMES = {",": "commas (,)", ";": "semicolons (;)", "\t": "tabs",
                   "|": "vertical bars (|)"}


@dataclass(frozen=True)
class Encoding:
    """The encoding to read a file with, in Python's name and in words, and why."""

    codec: str  # utf-8, utf-8-sig, utf-16, cp1252 or latin-1
    words: str
    reason: str
    bad_line: int | None = None  # line of the first byte that is not UTF-8
    bad_text: str = ""

    @property
    def is_utf8(self) -> bool:
        return self.codec in ("utf-8", "utf-8-sig")


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    with open(path, "rb") as f:
        return f.read(size)


def detect_encoding(path: Path) -> Encoding:
    """Decide the encoding from the byte-order mark, UTF-8 validity, then Windows-1252."""
    with open(path, "rb") as f:
        start = f.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return Encoding("utf-8-sig", "UTF-8 with a byte-order mark (BOM)",
                            "the file starts with the mark Excel writes for \"CSV UTF-8\"")
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return Encoding("utf-16", "UTF-16", "the file starts with a UTF-16 byte-order "
                            'mark (Excel\'s "Unicode text")')
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        line, ascii_only = 1, True
        for block in iter(lambda: f.read(BLOCK), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as err:
                line += block[: err.start].count(b"\n")
                begin = block.rfind(b"\n", 0, err.start) + 1
                end = block.find(b"\n", err.start)
                snippet = block[begin: end if end >= 0 else len(block)][:80]
                byte = block[err.start]
                return _single_byte(path, line, snippet, byte)
            ascii_only = ascii_only and block.isascii()
            line += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _single_byte(path, line, b"", 0)
    if ascii_only:
        return Encoding("utf-8", "UTF-8", "the file has only plain ASCII characters (no "
                        "accents), which read the same in every encoding")
    return Encoding("utf-8", "UTF-8", "every accented letter is valid UTF-8")


def _single_byte(path: Path, line: int, snippet: bytes, byte: int) -> Encoding:
    """Windows-1252 unless the file uses a byte that Windows-1252 leaves undefined."""
    where = f"line {line}" + (f", byte 0x{byte:02X}" if byte else "")
    with open(path, "rb") as f:
        undefined = any(any(b in block for b in _CP1252_UNDEFINED)
                        for block in iter(lambda: f.read(BLOCK), b""))
    if not undefined:
        return Encoding(
            "cp1252", "Windows-1252 (a form of Latin-1)",
            f"it is not valid UTF-8 (first at {where}), and every byte is a letter in "
            "Windows-1252, the encoding Excel uses on Windows for Spanish and Portuguese",
            line, snippet.decode("cp1252", "replace"))
    return Encoding(
        "latin-1", "Latin-1 (ISO-8859-1)",
        f"it is not valid UTF-8 (first at {where}), and it has bytes that Windows-1252 "
        "does not use, so it was read as Latin-1, which accepts every byte: check that "
        "accented letters look right",
        line, snippet.decode("latin-1"))


def head_lines(head: bytes, codec: str, complete: bool) -> list[str]:
    """The lines of the start of a file (the last one dropped if it may be cut short)."""
    text = head.decode(codec, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]
    return lines


def sniff_separator(lines: list[str]) -> str:
    """The separator that gives every one of the first lines the same number of cells.

    Among ``,`` ``;`` tab and ``|``, a separator counts only if the header splits into
    more than one cell; the one whose rows most often have as many cells as the header
    wins, then the one giving more cells. A comma wins ties, being the course's own.
    """
    sample = [line for line in lines[:200] if line.strip()]
    if not sample:
        return ","
    best, best_score = ",", (-1.0, 0)
    for sep in (",", ";", "\t", "|"):
        try:
            rows = list(csv.reader(sample, delimiter=sep))
        except csv.Error:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        body = rows[1:] or rows
        share = sum(len(r) == width for r in body) / len(body)
        score = (share, width)
        if score > best_score:
            best, best_score = sep, score
    return best
