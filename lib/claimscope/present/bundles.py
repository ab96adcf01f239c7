"""The scripts a report page needs: Vega and itables, inline once per page or shared by a site.

Altair's own HTML renderer loads Vega, Vega-Lite and Vega-Embed from a CDN, and itables loads
DataTables from one, so an offline report would show blank charts and plain tables. The two
bundles here are the whole libraries:

* the Vega-Embed bundle from :func:`vl_convert.javascript_bundle` (Vega, Vega-Lite and
  Vega-Embed in one script, about 900 KB), for the Vega-Lite version of the installed Altair;
* the itables offline bundle (DataTables and its CSS, about 1 MB).

A page gets each one at most once, with its first chart (:func:`vega_bundle_html`) and its
first interactive table (:func:`table_bundle_html`; :mod:`claimscope.present.display` keeps
track of what a page already has), in one of two forms:

* *inline* (the default: a notebook in JupyterLab, a page from plain papermill): the whole
  bundle is written into the page, which then needs no other file;
* *shared* (a report site, see :mod:`claimscope.present.site`): :func:`write_assets` writes each
  bundle once into the site's ``assets/`` folder under a name that carries its library's
  version (:func:`asset_names`), and every page loads it with a classic ``<script src>`` by
  relative address, which browsers also follow for a page opened from disk (``file://``).

Either form carries a marker class (:data:`BUNDLE_MARKER`, :data:`TABLE_BUNDLE_MARKER`), so a
test can count them in a page.
"""

from __future__ import annotations

import html
import os
import re
from functools import lru_cache
from pathlib import Path

import altair as alt
import vl_convert

from claimscope.run.store import atomic_write_text

#: Marker on the element that carries or loads the Vega-Embed bundle (tests count it).
BUNDLE_MARKER = "claimscope-vega-bundle"

#: Marker on the element that carries or loads the itables (DataTables) bundle.
TABLE_BUNDLE_MARKER = "claimscope-table-bundle"

#: The folder of a report site that holds the shared bundles, relative to its pages.
ASSETS_DIR = "assets"


def vega_lite_version() -> str:
    """Vega-Lite version of the installed Altair as vl_convert names it (``"6.4"``)."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    wanted = f"{major}.{minor}"
    available = vl_convert.get_vegalite_versions()
    if wanted in available:
        return wanted
    same_major = [v for v in available if v.split(".")[0] == major]
    if not same_major:
        raise RuntimeError(
            f"vl-convert {vl_convert.__version__} supports Vega-Lite {available}, not Altair's "
            f"{alt.SCHEMA_VERSION}; install matching versions of altair and vl-convert-python"
        )
    return max(same_major, key=lambda v: tuple(int(p) for p in v.split(".")))


def asset_names() -> dict[str, str]:
    """The file names of the shared bundles in ``assets/``, by bundle (``"vega"``,
    ``"tables"``): each names the versions it was made from, so a site rebuilt with other
    versions of the libraries does not load stale scripts."""
    from itables import __version__ as itables_version

    return {
        "vega": f"vega-lite-{vega_lite_version()}-vl-convert-{vl_convert.__version__}.js",
        "tables": f"itables-{itables_version}.js",
    }


@lru_cache(maxsize=1)
def _vega_script() -> str:
    """The Vega-Embed bundle as the body of a classic script.

    The bundle declares top-level constants; it runs inside a function so that running it a
    second time in the same page (a notebook re-run after a kernel restart) is harmless, and
    is skipped when ``vegaEmbed`` is already defined.
    """
    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    if re.search(r"</script", bundle, flags=re.IGNORECASE):
        raise RuntimeError("the Vega-Embed bundle contains '</script' and cannot be inlined")
    return f"if (typeof window.vegaEmbed === 'undefined') {{ (function () {{\n{bundle}\n}})(); }}\n"


@lru_cache(maxsize=1)
def _table_init_html() -> str:
    """itables' offline initialisation: a script that loads DataTables and its CSS (both
    embedded), then a note shown where scripts do not run."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)


def _table_script() -> str:
    """The script of :func:`_table_init_html`, as the body of a classic script file."""
    found = re.match(r"\s*<script>(.*?)</script>", _table_init_html(), flags=re.DOTALL)
    if found is None:
        raise RuntimeError(
            "the itables offline initialisation no longer starts with a <script> element; "
            "install the itables version pinned in requirements.lock"
        )
    return found.group(1).lstrip("\n")


def _reference(marker: str, assets: str, name: str) -> str:
    src = html.escape(f"{assets.rstrip('/')}/{name}", quote=True)
    return f'<script type="text/javascript" class="{marker}" src="{src}"></script>'


def vega_bundle_html(assets: str | None = None) -> str:
    """The ``<script>`` element that defines ``window.vegaEmbed``, for one page.

    Args:
        assets: Relative address of a site's assets folder (``"assets"``): the element loads
            the shared bundle from there. ``None`` writes the whole bundle into the element.
    """
    if assets is not None:
        return _reference(BUNDLE_MARKER, assets, asset_names()["vega"])
    return f'<script type="text/javascript" class="{BUNDLE_MARKER}">\n{_vega_script()}</script>'


def table_bundle_html(assets: str | None = None) -> str:
    """The itables offline bundle (DataTables and its CSS), for one page.

    Args:
        assets: As for :func:`vega_bundle_html`.
    """
    if assets is not None:
        return _reference(TABLE_BUNDLE_MARKER, assets, asset_names()["tables"])
    return f'<div class="{TABLE_BUNDLE_MARKER}">\n{_table_init_html()}\n</div>'


def write_assets(site_dir: str | os.PathLike) -> list[Path]:
    """Write the shared bundles into ``site_dir/assets/`` (atomically) and return their paths."""
    folder = Path(site_dir) / ASSETS_DIR
    names = asset_names()
    written = []
    for key, script in (("vega", _vega_script()), ("tables", _table_script())):
        path = folder / names[key]
        atomic_write_text(path, script)
        written.append(path)
    return written
