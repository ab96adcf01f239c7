"""Shared fixtures: the spaCy pipeline (loaded once) and paths to the shared gold data.

Tests are marked by what they need: a test that takes the ``nlp`` fixture is a ``model`` test, one
that takes ``shared`` a ``corpus`` test (see :func:`pytest_collection_modifyitems`), so
``pytest -m "not model and not corpus and not slow"`` runs the fast tests alone.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: The Wikinews articles of 2019 (a CSV file, one article per row).
WIKINEWS_2019 = SHARED / "corpus" / "wikinews" / "wikinews_2019.csv"
SAMPLE = ROOT / "data" / "north-korean-troops.md"
SEED_GOLD = SHARED / "gold" / "seed" / "gold.json"


def pytest_collection_modifyitems(config, items):
    """Mark tests by the fixtures they take: ``nlp`` needs the model, ``shared`` the corpora."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "nlp" in fixtures:
            item.add_marker(pytest.mark.model)
        if "shared" in fixtures:
            item.add_marker(pytest.mark.corpus)


def pytest_terminal_summary(terminalreporter):
    """Print the accounting of the fuzz run (its ``record_property`` values) after the tests,
    so that every run, CI's included, shows it."""
    reports = [
        r
        for key in ("passed", "failed")
        for r in terminalreporter.stats.get(key, [])
        if getattr(r, "when", None) == "call"
    ]
    for report in reports:
        properties = dict(report.user_properties)
        if "documents tried" in properties or "spans checked" in properties:
            terminalreporter.section("fuzz accounting")
            for name, value in properties.items():
                terminalreporter.write_line(f"{name}: {value}")


@pytest.fixture(scope="session")
def nlp():
    from claimscope.nlp.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared gold data not found at {SHARED}")
    return SHARED


def first_articles(n: int, into: Path) -> Path:
    """The first ``n`` Wikinews articles of 2019 as the CSV file ``into`` (skips the test when
    the corpus is not there)."""
    if not WIKINEWS_2019.exists():
        pytest.skip(f"Wikinews corpus not found at {WIKINEWS_2019}")
    csv.field_size_limit(10**9)
    with WIKINEWS_2019.open(encoding="utf-8", newline="") as src:
        reader = csv.DictReader(src)
        rows = [row for _, row in zip(range(n), reader, strict=False)]
        fields = reader.fieldnames
    with into.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.DictWriter(dst, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return into


def benchmark_module(name: str):
    """A script of ``benchmarks/`` imported as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    return module
