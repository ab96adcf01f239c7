"""The scripts a report page needs, each written into the page once: Vega and itables.

Altair's own HTML renderer loads Vega, Vega-Lite and Vega-Embed from a CDN, and itables loads
DataTables from one, so an offline report would show blank charts and plain tables. The two
bundles here are the whole libraries as one element each, written into the page with the
first chart (:func:`vega_bundle_html`) and the first interactive table
(:func:`table_bundle_html`) a kernel shows (see :mod:`claimscope.present.display`, which keeps
track of what a page already has):

* the Vega-Embed bundle from :func:`vl_convert.javascript_bundle` (Vega, Vega-Lite and
  Vega-Embed in one script, about 900 KB), for the Vega-Lite version of the installed Altair;
* the itables offline bundle (DataTables and its CSS, about 1 MB).

Each carries a marker class (:data:`BUNDLE_MARKER`, :data:`TABLE_BUNDLE_MARKER`), so a test
can count them in a page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import altair as alt
import vl_convert

#: Marker on the script element that carries the Vega-Embed bundle (tests count it).
BUNDLE_MARKER = "claimscope-vega-bundle"


#: Marker on the element that carries the itables (DataTables) bundle (tests count it).
TABLE_BUNDLE_MARKER = "claimscope-table-bundle"


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


@lru_cache(maxsize=1)
def vega_bundle_html() -> str:
    """The ``<script>`` element that defines ``window.vegaEmbed``, for one page.

    The bundle declares top-level constants; it runs inside a function so that running it a
    second time in the same page (a notebook re-run after a kernel restart) is harmless, and
    is skipped when ``vegaEmbed`` is already defined.
    """
    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    if re.search(r"</script", bundle, flags=re.IGNORECASE):
        raise RuntimeError("the Vega-Embed bundle contains '</script' and cannot be inlined")
    return (
        f'<script type="text/javascript" class="{BUNDLE_MARKER}">\n'
        "if (typeof window.vegaEmbed === 'undefined') { (function () {\n"
        f"{bundle}\n"
        "})(); }\n"
        "</script>"
    )


@lru_cache(maxsize=1)
def table_bundle_html() -> str:
    """The itables offline bundle (DataTables and its CSS), for one page."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    bundle = generate_init_offline_itables_html(options.dt_bundle)
    return f'<div class="{TABLE_BUNDLE_MARKER}">\n{bundle}\n</div>'
