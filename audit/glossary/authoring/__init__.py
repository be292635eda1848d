"""Glossary authoring: what a person uses to keep the glossary (edit, lint, import and export,
suggest). The audit never imports it: it reads the glossary through audit.glossary's model,
loader and index."""
