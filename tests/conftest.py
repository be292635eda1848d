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
    from audit.entry import audit_path

    return audit_path(SEED, refs, settings)


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory):
    """A tiny random-weight MarianMT directory (tests/tinymodel.py), built offline once per
    session: back-translation tests load it through the same `from_pretrained` path as
    `tqa audit --model DIR`."""
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from tinymodel import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture
def mt_cache(tmp_path, monkeypatch):
    """A fresh translation cache directory (TQA_CACHE_DIR) for one test."""
    path = tmp_path / "tqa-cache"
    monkeypatch.setenv("TQA_CACHE_DIR", str(path))
    return path
