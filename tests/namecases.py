"""Helpers for the name-check test files (test_names_round7.py, test_names_round8.py): compare
the names of one Russian source and its English translation, with a table lexicon standing in
for the dictionaries (audit/lexicon/table.py) and the word alignment an audit would make."""

from __future__ import annotations

from audit.lexicon.table import TableLexicon
from audit.name_compare import compare_names
from audit.wordalign import align


def report(refs, src: str, tgt: str, table=()):
    lex = TableLexicon(list(table), "ru", "en")
    return compare_names(src, "ru", tgt, "en", refs, None, align(src, "ru", tgt, "en", refs, lex), lex)


def reported(r) -> bool:
    """A source name (or a word of one) missing, replaced, or not in its glossary form."""
    return bool(r.missing or r.partial or r.glossary)
