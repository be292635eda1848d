"""tqa: a multilingual translation-quality auditor."""

__version__ = "0.1.0"
