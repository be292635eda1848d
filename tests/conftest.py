"""Shared fixtures. Each fixture below says which part of tqa it serves.

Tests never touch the network. Tests that read ../shared/data skip when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "state-dept-nato-russia.en.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def refs():
    """The bundled references, loaded once."""
    from audit.references import load_references

    return load_references()


@pytest.fixture(scope="session")
def settings():
    from audit.config import Settings

    return Settings()


@pytest.fixture(scope="session")
def seed_result(refs, settings):
    from audit.pipeline import audit_path

    return audit_path(SEED, refs, settings)
