"""Where the course's files live, found the same way from any working directory.

The package sits at the top of the course repository (installed in editable mode), so the
repository root is the package's parent folder. ``EMISKIT_HOME`` overrides it, for a
facilitator who keeps the course files somewhere else.

Which data the course uses is one setting, so that a ministry team can run every notebook,
widget, exercise and the book on its own country's extract: ``data_dir`` in the settings
file ``emiskit.toml`` at the course root (a relative path is read from the course root),
overridden by the environment variable ``EMISKIT_DATA_DIR``. Without either, the sample
country's ``datasets/`` folder is used. The same file may describe the country's school
structure (``[school_structure]``, read by :mod:`emiskit.structure`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "emiskit.toml"
DATA_DIR_ENV = "EMISKIT_DATA_DIR"
SAMPLE_DATA_DIR = "datasets"
_KNOWN_SETTINGS = ("data_dir", "school_structure")


class SettingsError(ValueError):
    """The settings file cannot be read, or a setting has an unusable value."""


class DataDirError(FileNotFoundError):
    """The configured data folder does not exist."""


@dataclass(frozen=True)
class DataDirSetting:
    """The data folder in use and where that choice came from (for error messages)."""

    path: Path
    source: str
    """``"default"``, the settings file's path, or the environment variable's name."""

    @property
    def is_sample(self) -> bool:
        """True when the folder is the sample country's ``datasets/`` folder."""
        return self.path == sample_datasets_dir()


def course_root() -> Path:
    """Return the folder that holds ``datasets/``, ``notebooks/`` and ``exercises/``."""
    override = os.environ.get("EMISKIT_HOME")
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parent.parent


def sample_datasets_dir() -> Path:
    """The sample country's folder: where ``emiskit data generate`` writes by default."""
    return course_root() / SAMPLE_DATA_DIR


def settings_file() -> Path:
    return course_root() / SETTINGS_FILE


def read_settings(file: Path | None = None) -> dict[str, object]:
    """The settings in ``emiskit.toml`` (an empty dict when the file does not exist)."""
    file = file or settings_file()
    if not file.is_file():
        return {}
    try:
        settings = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise SettingsError(
            f"The settings file {file} cannot be read: {err}. Each setting is one line "
            'such as  data_dir = "datasets"  (the value in double quotes).'
        ) from None
    unknown = sorted(set(settings) - set(_KNOWN_SETTINGS))
    if unknown:
        raise SettingsError(
            f"The settings file {file} has an unknown setting: {', '.join(unknown)}. "
            f"The settings are: {', '.join(_KNOWN_SETTINGS)}. Check the spelling."
        )
    return settings


def data_dir_setting() -> DataDirSetting:
    """Which data folder is configured, and by what (environment, settings file, default).

    The folder is not checked here: see :func:`datasets_dir`.
    """
    root = course_root()
    value: object = os.environ.get(DATA_DIR_ENV, "").strip()
    source = DATA_DIR_ENV
    if not value:
        file = settings_file()
        value = read_settings(file).get("data_dir", "")
        source = str(file)
        if not isinstance(value, str):
            raise SettingsError(
                f"data_dir in {file} must be a folder name in double quotes, for example "
                f'data_dir = "datasets"; it is {value!r}.'
            )
        value = value.strip()
    if not value:
        return DataDirSetting(sample_datasets_dir(), "default")
    folder = Path(value).expanduser()
    if not folder.is_absolute():
        folder = root / folder
    return DataDirSetting(folder.resolve(), source)


def datasets_dir() -> Path:
    """Return the folder of the datasets the course uses (sample or a country's own).

    Raises :class:`DataDirError` when a configured folder does not exist, naming the
    setting so it can be corrected.
    """
    setting = data_dir_setting()
    if setting.source != "default" and not setting.path.is_dir():
        what = ("the environment variable " + DATA_DIR_ENV if setting.source == DATA_DIR_ENV
                else "data_dir in " + setting.source)
        raise DataDirError(
            f"The data folder {setting.path} does not exist. It is set by {what}. Correct "
            "the path (a relative path is read from the course folder "
            f"{course_root()}), or remove the setting to use the sample data in "
            f"{sample_datasets_dir()}."
        )
    return setting.path
