"""Report notebooks in and HTML pages out: reading, the kernel, and the offline export.

Where the notebooks come from
    The notebooks' source of truth is the repository's ``notebooks/`` folder (``10-article.py``
    in jupytext's py:percent format, paired with ``10-article.ipynb``).
    :func:`default_notebooks_dir` is ``notebooks/`` next to the ``lib/`` folder this package is
    imported from, i.e. a source checkout (installed editable or not installed at all). A wheel
    does not carry the notebooks: pass a folder then. :func:`read_notebook` reads the ``.py``
    file when present (through jupytext), else the ``.ipynb``.

Kernel
    Notebooks run on the ``python3`` kernel when it starts this very interpreter (ipykernel
    installs that kernelspec into every virtualenv it is installed in, with ``python`` as its
    command, which jupyter_client resolves to the running interpreter). Otherwise
    :func:`kernel_name` installs a kernelspec named ``claimscope-python`` pointing at this
    interpreter into ``sys.prefix`` and uses it, so reports never run in some other Python.

Export
    :func:`export_html` turns an executed notebook into one offline HTML page with the code
    hidden, through claimscope's nbconvert template (``claimscope/templates/claimscope``, which
    loads nothing from a CDN and puts the navigation bar of :func:`nav_html`, linking back to
    the index, on every page).
"""

from __future__ import annotations

import copy
import html
import logging
import os
import sys
from pathlib import Path
from typing import Any

import nbformat

from claimscope.analysis.queries import ReportError
from claimscope.present.index import SECTIONS

logger = logging.getLogger(__name__)

#: The notebooks of the suite, by stem.
ARTICLE_NOTEBOOK = "10-article"
CORPUS_NOTEBOOK = "20-corpus"
SPEAKER_NOTEBOOK = "30-speaker"
TOPIC_NOTEBOOK = "40-topic"
GROUPS_NOTEBOOK = "50-groups"

#: Folder of claimscope's nbconvert templates, and the template used for reports.
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "claimscope"

#: Kernelspec installed into ``sys.prefix`` when ``python3`` does not run this interpreter.
FALLBACK_KERNEL = "claimscope-python"

#: Notebook cells tagged with these are dropped from the HTML (they hold only parameters).
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")


def default_notebooks_dir() -> Path | None:
    """``notebooks/`` of the source checkout this package is imported from, if there is one."""
    candidate = Path(__file__).resolve().parents[3] / "notebooks"
    return candidate if candidate.is_dir() else None


def read_notebook(notebooks_dir: str | os.PathLike, stem: str = ARTICLE_NOTEBOOK) -> Any:
    """The notebook ``stem`` from ``notebooks_dir``: its py:percent source (``scripts/STEM.py``,
    where ``notebooks/jupytext.toml`` pairs it, or ``STEM.py``), else ``STEM.ipynb``.

    Jupytext's pairing metadata is dropped, so executed copies are plain notebooks.
    """
    folder = Path(notebooks_dir)
    ipynb = folder / f"{stem}.ipynb"
    py = next(
        (p for p in (folder / "scripts" / f"{stem}.py", folder / f"{stem}.py") if p.exists()),
        folder / f"{stem}.py",
    )
    if py.exists():
        import jupytext

        nb = jupytext.read(py)
    elif ipynb.exists():
        nb = nbformat.read(ipynb, as_version=4)
    else:
        raise ReportError(f"notebook {stem}.py or {stem}.ipynb not found in {folder.resolve()}")
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    return nb


def _runs_this_interpreter(argv: list[str]) -> bool:
    if not argv:
        return False
    major, minor = sys.version_info[:2]
    if argv[0] in {"python", f"python{major}", f"python{major}.{minor}"}:
        return True  # jupyter_client replaces these with sys.executable
    return os.path.realpath(argv[0]) == os.path.realpath(sys.executable)


def kernel_name() -> str:
    """A kernel that runs this interpreter: ``python3`` if it does, else a fallback installed
    into ``sys.prefix`` (see the module docstring)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    for name in ("python3", FALLBACK_KERNEL):
        try:
            spec = manager.get_kernel_spec(name)
        except NoSuchKernel:
            continue
        if _runs_this_interpreter(spec.argv):
            return name
    from ipykernel.kernelspec import install

    logger.info(
        "installing kernelspec %r for %s into %s", FALLBACK_KERNEL, sys.executable, sys.prefix
    )
    install(kernel_name=FALLBACK_KERNEL, display_name="Python (claimscope)", prefix=sys.prefix)
    return FALLBACK_KERNEL


def html_exporter() -> Any:
    """nbconvert's HTML exporter with claimscope's offline template and the code hidden."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_CELL_TAGS)), enabled=True
    )
    return exporter


def export_html(
    nb: Any, *, title: str, exporter: Any | None = None, kind: str | None = None
) -> str:
    """An executed notebook as one offline HTML page with the code hidden.

    Args:
        nb: The executed notebook.
        title: The page title (escaped by the template).
        exporter: An exporter from :func:`html_exporter` (made when not given).
        kind: The kind of report (see :data:`claimscope.present.index.SECTIONS`); the page
            gets a navigation bar linking back to ``index.html`` when given.
    """
    exporter = exporter or html_exporter()
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    resources = {"metadata": {"name": title}, "cs_nav": nav_html(kind) if kind else ""}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def nav_html(current: str | None = None) -> str:
    """The navigation bar of a report page: the index and its sections."""
    links = ['<a href="index.html">All reports</a>']
    for kind, label in SECTIONS.items():
        cls = ' class="cs-current"' if kind == current else ""
        links.append(f'<a href="index.html#{kind}"{cls}>{html.escape(label)}</a>')
    return f'<nav class="cs-nav">{" ".join(links)}</nav>'
