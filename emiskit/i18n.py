"""One message catalogue for every learner-facing string of the course's widgets.

The course is taught in English and Spanish, so no widget holds text of its own: it asks
:func:`t` for a message by key, and the catalogue of the current language answers. Switch
the language once, before creating widgets::

    from emiskit import i18n
    i18n.set_language("es")

or set the environment variable ``EMISKIT_LANG=es`` before starting Jupyter. The
catalogues are Python modules (``emiskit/locales/en.py``, ``es.py``) so that they are
installed with the package and need no file lookup; a test checks that both hold the same
keys, with the same ``{placeholders}``, and no empty message.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from importlib import import_module

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"
ENV_VAR = "EMISKIT_LANG"

_current: str | None = None
_catalogues: dict[str, Mapping[str, str]] = {}


def _normalise(language: str) -> str:
    """Accept ``es``, ``ES``, ``es_MX``, ``es-419`` … and return a supported code."""
    code = language.strip().lower().replace("-", "_").split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(
            f"Unknown language {language!r}. The course speaks: {', '.join(LANGUAGES)}."
        )
    return code


def catalogue(language: str | None = None) -> Mapping[str, str]:
    """The messages of one language (the current one by default), keyed by message key."""
    code = _normalise(language) if language else get_language()
    if code not in _catalogues:
        _catalogues[code] = import_module(f"emiskit.locales.{code}").MESSAGES
    return _catalogues[code]


def get_language() -> str:
    """The current language: set by :func:`set_language`, else ``EMISKIT_LANG``, else English."""
    global _current
    if _current is None:
        env = os.environ.get(ENV_VAR, "")
        try:
            _current = _normalise(env) if env.strip() else DEFAULT_LANGUAGE
        except ValueError:
            _current = DEFAULT_LANGUAGE
    return _current


def set_language(language: str) -> str:
    """Switch every widget created from now on to ``language`` ("en" or "es"); return it.

    Widgets already on screen keep their language: run their cell again.
    """
    global _current
    _current = _normalise(language)
    return _current


@contextlib.contextmanager
def using(language: str) -> Iterator[str]:
    """Speak ``language`` inside a ``with`` block, then go back to the previous language.

    Widgets use it so that each one keeps the language it was created in, even when it
    redraws after the notebook has switched language.
    """
    before = get_language()
    code = set_language(language)
    try:
        yield code
    finally:
        set_language(before)


def has(key: str) -> bool:
    """True if ``key`` is in the catalogue (used for optional messages)."""
    return key in catalogue()


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with ``{placeholders}`` filled in.

    A key missing from the current language falls back to English, then to the key
    itself, so a classroom never sees an exception for a missing translation (the test
    suite makes sure none is missing).
    """
    message = catalogue().get(key)
    if message is None:
        message = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return message.format(**values) if values else message
