"""The message catalogue: English and Spanish complete and consistent, every key the
widgets use present, and the language switch (call or environment variable)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from emiskit import i18n
from emiskit.data.schema import TABLES_BY_NAME
from emiskit.locales import en, es
from emiskit.widgets.logic import gaps, indicators, quality, rubric

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*(ROOT / "emiskit" / "widgets").rglob("*.py"), ROOT / "emiskit" / "dashboards.py",
           ROOT / "emiskit" / "likert.py"]
LITERAL_KEY = re.compile(r"""\bt\(\s*(['"])([a-z0-9_.]+)\1""")
CLASS_KEY = re.compile(r"""_key\s*=\s*(['"])([a-z0-9_.]+)\1""")


@pytest.fixture(autouse=True)
def english():
    before = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(en.MESSAGES) == set(es.MESSAGES)


@pytest.mark.parametrize("messages", [en.MESSAGES, es.MESSAGES], ids=["en", "es"])
def test_no_message_is_empty(messages: dict[str, str]) -> None:
    assert [k for k, v in messages.items() if not v.strip()] == []


def test_placeholders_match_between_languages() -> None:
    different = {k: (_placeholders(v), _placeholders(es.MESSAGES[k]))
                 for k, v in en.MESSAGES.items()
                 if _placeholders(v) != _placeholders(es.MESSAGES[k])}
    assert different == {}


def _keys_in_code() -> set[str]:
    keys = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= {m[1] for m in LITERAL_KEY.findall(text)}
        keys |= {m[1] for m in CLASS_KEY.findall(text)}
    return keys


def _dynamic_keys() -> set[str]:
    """Keys the code builds from names (f-strings), listed from the same registries."""
    keys = set()
    keys |= {f"indicator.{i}" for i in indicators.INDICATORS}
    keys |= {f"level.{v}" for v in indicators.LEVELS}
    keys |= {f"breakdown.{b}" for b in indicators.BREAKDOWNS}
    keys |= {f"col.{c}" for cols in indicators.DETAIL_COLUMNS.values() for c in cols}
    keys |= {f"unit.{u}" for u in (*indicators.UNITS.values(), "percent")}
    keys |= {f"outcome.{o}" for o in gaps.OUTCOMES}
    keys |= {f"grouping.{g}" for g in gaps.GROUPINGS}
    keys |= {f"value.ses_quintile.{q}" for q in gaps.QUINTILES}
    keys |= {f"value.{c}.{v}" for c in ("indigenous", "special_needs") for v in (True, False)}
    keys |= {f"value.area.{v}" for v in TABLES_BY_NAME["schools"].field("area").enum}
    keys |= {f"value.sector.{v}" for v in TABLES_BY_NAME["schools"].field("sector").enum}
    keys |= {f"value.sex.{v}" for v in TABLES_BY_NAME["students"].field("sex").enum}
    rules = {r.key for name in TABLES_BY_NAME for r in quality.rules_for(name)}
    keys |= {f"quality.rule.{k}.{part}" for k in rules for part in ("title", "why")}
    keys |= {f"quality.col.{c}" for c in quality.ADDED_COLUMNS}
    keys |= {f"rubric.saber.level.{lv}" for lv in rubric.SABER_LEVELS}
    for area in rubric.SABER_AREAS:
        keys |= {f"rubric.saber.area.{area}", f"rubric.saber.area.{area}.description"}
        keys |= {f"rubric.saber.area.{area}.next.{lv}" for lv in rubric.SABER_LEVELS}
    keys |= {f"check.{status}" for status in ("correct", "partial", "incorrect")}
    return keys


def test_every_key_the_code_uses_exists() -> None:
    used = _keys_in_code() | _dynamic_keys()
    assert len(used) > 150  # the scan found the code's keys
    assert sorted(used - set(en.MESSAGES)) == []


def test_no_unused_messages() -> None:
    used = _keys_in_code() | _dynamic_keys()
    assert sorted(set(en.MESSAGES) - used) == []


def test_set_language_switches_every_message() -> None:
    assert i18n.t("explorer.indicator") == "Indicator"
    assert i18n.set_language("es") == "es"
    assert i18n.t("explorer.indicator") == "Indicador"
    assert i18n.t("gaps.region_place", name="Costa Dorada") == "Región: Costa Dorada"


@pytest.mark.parametrize("code", ["es", "ES", "es_MX", "es-419"])
def test_regional_codes_are_accepted(code: str) -> None:
    assert i18n.set_language(code) == "es"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="en, es"):
        i18n.set_language("fr")


def test_environment_variable_chooses_the_language(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("EMISKIT_LANG", "es")
    assert i18n.get_language() == "es"
    assert i18n.t("check.check") == "Comprobar"
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("EMISKIT_LANG", "klingon")  # a typo does not break the course
    assert i18n.get_language() == "en"


def test_using_restores_the_language() -> None:
    with i18n.using("es"):
        assert i18n.t("check.check") == "Comprobar"
    assert i18n.get_language() == "en"


def test_missing_key_falls_back_to_the_key() -> None:
    assert i18n.t("no.such.key") == "no.such.key"
