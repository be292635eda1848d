"""tqa: a multilingual translation-quality auditor."""

__version__ = "0.1.0"

from audit import codecache  # noqa: E402 - after the version, which nothing here needs

codecache.install()  # before any of tqa's dataclasses is made: their methods compile once per machine
