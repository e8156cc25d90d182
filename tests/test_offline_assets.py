"""The Sphinx extension that makes the book work without internet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emiskit.sphinxext.offline import CDN_URL, VENDORED, rewrite_cdn_urls, stage_libraries

VERSIONS = {"vega": "6.4.0", "vega-lite": "6.4.1", "vega-embed": "7.3.0"}

ALTAIR_PATHS = """
    const paths = {
      "vega": "https://cdn.jsdelivr.net/npm/vega@6?noext",
      "vega-lib": "https://cdn.jsdelivr.net/npm/vega-lib?noext",
      "vega-lite": "https://cdn.jsdelivr.net/npm/vega-lite@6.4.1?noext",
      "vega-embed": "https://cdn.jsdelivr.net/npm/vega-embed@7?noext",
    };
"""


def test_altair_cdn_addresses_become_relative_paths() -> None:
    html, problems = rewrite_cdn_urls(ALTAIR_PATHS, "../_static/libs/", VERSIONS)
    assert problems == []
    assert '"vega": "../_static/libs/vega.min.js?noext"' in html
    assert '"vega-lib": "../_static/libs/vega.min.js?noext"' in html
    assert '"vega-lite": "../_static/libs/vega-lite.min.js?noext"' in html
    assert '"vega-embed": "../_static/libs/vega-embed.min.js?noext"' in html
    assert not CDN_URL.findall(html)


def test_a_version_the_local_copy_cannot_serve_is_reported() -> None:
    html = '"https://cdn.jsdelivr.net/npm/vega-lite@5.20.1?noext"'
    _, problems = rewrite_cdn_urls(html, "_static/libs/", VERSIONS)
    assert problems == ["vega-lite@5.20.1 requested but vega-lite 6.4.1 is vendored"]


def test_major_version_requests_match_any_release_of_that_major() -> None:
    html = '"https://cdn.jsdelivr.net/npm/vega-embed@6?noext"'
    _, problems = rewrite_cdn_urls(html, "", VERSIONS)
    assert problems == ["vega-embed@6 requested but vega-embed 7.3.0 is vendored"]


def test_other_cdn_addresses_are_detected() -> None:
    html = '<script src="https://unpkg.com/some-lib@1/dist/x.js"></script>'
    assert CDN_URL.findall(html) == ["https://unpkg.com/some-lib@1/dist/x.js"]


def test_package_json_pins_every_vendored_library(root: Path) -> None:
    pins = json.loads((root / "package.json").read_text())["dependencies"]
    assert set(VENDORED) <= set(pins)
    assert all(version[0].isdigit() for version in pins.values()), "pin exact versions"


def test_vega_lite_pin_matches_altair(root: Path) -> None:
    import altair as alt

    pins = json.loads((root / "package.json").read_text())["dependencies"]
    assert pins["vega-lite"] == alt.VEGALITE_VERSION
    assert pins["vega"].split(".")[0] == alt.VEGA_VERSION.split(".")[0]
    assert pins["vega-embed"].split(".")[0] == alt.VEGAEMBED_VERSION.split(".")[0]


def test_missing_node_modules_gives_a_clear_error(tmp_path: Path) -> None:
    from sphinx.errors import ExtensionError

    with pytest.raises(ExtensionError, match="npm ci"):
        stage_libraries(tmp_path / "node_modules", tmp_path / "staging")


def test_staging_copies_the_files_the_pages_load(root: Path, tmp_path: Path) -> None:
    stage_libraries(root / "node_modules", tmp_path)
    libs = tmp_path / "libs"
    for name in ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "require.js",
                 "html-manager/embed-amd.js", "mathjax/tex-mml-chtml.js"]:
        assert (libs / name).stat().st_size > 1000, name
    assert not list(libs.rglob("*.map")), "source maps are not shipped"


def test_stale_pages_are_removed_and_current_ones_kept(tmp_path: Path) -> None:
    from emiskit.sphinxext.offline import remove_stale_pages

    for name in ["index", "search", "genindex", "book/intro", "book/old-chapter",
                 "_static/x", ".pytest_cache/README"]:
        (tmp_path / f"{name}.html").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"{name}.html").write_text("<html></html>")
    removed = remove_stale_pages(tmp_path, {"book/intro"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in removed) == [
        ".pytest_cache/README.html", "book/old-chapter.html"]
    assert (tmp_path / "book/intro.html").exists()
    assert (tmp_path / "_static/x.html").exists()
    assert (tmp_path / "search.html").exists()


def test_every_widget_module_the_bundle_defines_has_a_path(root: Path) -> None:
    """Each module the html-manager bundle defines computes its font addresses from its
    own path; one without a require.js path looks for fonts next to the page (a 404)."""
    import re

    from emiskit.sphinxext.offline import WIDGET_MODULES

    bundle = root / "node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js"
    defined = set(re.findall(r'define\("(@jupyter-widgets/[a-z0-9-]+)"', bundle.read_text()))
    assert defined, "no module definitions found in the bundle"
    assert defined <= set(WIDGET_MODULES), sorted(defined - set(WIDGET_MODULES))
