"""The glossary: entities and terms with canonical, acceptable and wrong forms per language."""

from audit.glossary.model import KINDS, Entry, Glossary, Role
from audit.glossary.load import load_glossary, parse_entries

__all__ = ["KINDS", "Entry", "Glossary", "Role", "load_glossary", "parse_entries"]
