"""One way into an audit: `audit(input, references, settings, options)` for every input kind.

The input is a file (plain text, HTML, Markdown; with a source file beside it or named; or a
bilingual XLIFF/TMX/PO/TSV/CSV file), a `Text` already in memory (standard input, a corpus row)
or a `Pair` of source and translation in memory (a row of `tqa eval`). The optional stages
are built here and nowhere else, from `StageOptions`: `tqa audit`, `tqa gate`, `tqa eval` and
`tqa corpus` all come through `audit()`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from audit.stages.backtranslation import BTOptions, backtranslation_stage
from audit.bilingual.formats import Bilingual, Unit, format_of, read_bilingual
from audit.bilingual.run import document_from_units, is_bilingual, source_chrf_stage, source_file_stage, units_stage
from audit.config import Settings
from audit.document import build_document, read_metadata
from audit.errors import InputError
from audit.markup import format_of as markup_format_of
from audit.model import AuditResult
from audit.pipeline import audit_document
from audit.reading import read_path
from audit.references import References
from audit.stages.reference import reference_stage


@dataclass(frozen=True)
class StageOptions:
    """The optional stages, as plain values a worker process can rebuild them from:
    back-translation (when a model is given or already on this machine) and alignment with
    reference texts (the files given and the bundled ones of the document's id)."""

    model: str | None = None
    forward_model: str | None = None
    engine: str | None = None
    beams: int | None = None
    require_model: bool = False
    references: tuple[str, ...] = ()  # --reference files
    post_edits: tuple[str, ...] = ()  # --post-edit files
    bundled_references: bool = True
    max_bytes: int | None = None
    enabled: bool = True


_BUILT: dict = {}


def build_stages(options: StageOptions | tuple | None) -> tuple:
    """The optional stages for `options`, built once per process (a model, once loaded, stays).
    A tuple is stages already built (a test's stand-in translator), used as they are."""
    if isinstance(options, tuple):
        return options
    if options is None or not options.enabled:
        return ()
    if options not in _BUILT:
        bt = backtranslation_stage(BTOptions(model=options.model, forward_model=options.forward_model,
                                             engine=options.engine, beams=options.beams, require=options.require_model))
        refs = reference_stage(options.references, options.post_edits, bundled=options.bundled_references,
                               max_bytes=options.max_bytes)
        _BUILT.clear()  # one set of options per process at a time
        _BUILT[options] = (bt, refs)
    return _BUILT[options]


@dataclass(frozen=True)
class Text:
    """A text already read (standard input, a corpus row). `fmt` text, html or markdown."""

    text: str
    name: str = "<text>"
    encoding: str = "utf-8"
    notices: tuple[str, ...] = ()  # what decoding did, shown in every report
    fmt: str = "text"


@dataclass(frozen=True)
class Pair:
    """A source and its translation in memory: audited as a one-unit bilingual document."""

    source: str
    target: str
    ident: str = "1"
    reference: str | None = None
    path: str | None = None  # the name reports give it (default `<row IDENT>`)


def audit(
    input: str | Path | Text | Pair,
    references: References,
    settings: Settings,
    options: StageOptions | tuple | None = None,
    *,
    source: str | Path | None = None,
    pair_lines: bool = False,
    lang: str | None = None,
    source_lang: str | None = None,
    date: str | None = None,
    fmt: str | None = None,
    max_bytes: int | None = None,
    rules: tuple | None = None,
) -> AuditResult:
    """Audit one input. A file is bilingual when `source` is given (its translation's source
    text) or its extension is .xlf/.xliff/.tmx/.po/.tsv/.csv (and `fmt`, the input format
    text/html/markdown, does not say otherwise). Languages given here beat the file's
    metadata, which beats the settings' defaults."""
    stages = build_stages(options)
    if isinstance(input, Pair):
        return _pair(input, references, settings, stages, lang, source_lang, date, rules)
    if isinstance(input, Text):
        doc = build_document(input.text, references, input.name, input.encoding, lang, source_lang, date, {},
                             fmt=input.fmt, default_lang=settings.lang, default_source_lang=settings.source_lang)
        return _with_notices(audit_document(doc, references, settings, rules=rules, stages=stages), input.notices)
    path = Path(input)
    if source is not None:
        if format_of(path) in ("xliff", "tmx", "po") and fmt is None:
            raise InputError(f"{path}: a bilingual file carries its own source; drop --source")
        first = source_file_stage(Path(source), pair_lines, source_lang, max_bytes)
        return _file(path, references, settings, (first, *stages, source_chrf_stage()), lang, source_lang, date,
                     fmt, max_bytes, rules)
    if is_bilingual(path, None, fmt):
        return _units(path, references, settings, stages, lang, source_lang, date, max_bytes, rules)
    return _file(path, references, settings, stages, lang, source_lang, date, fmt, max_bytes, rules)


def _file(path: Path, references, settings, stages, lang, source_lang, date, fmt, max_bytes, rules) -> AuditResult:
    """A monolingual file (text, HTML, Markdown), with its metadata (`x.en.meta.yaml`)."""
    read = read_path(path, max_bytes=max_bytes)
    meta = read_metadata(path) if path.is_file() else {}
    doc = build_document(
        read.text, references, str(path), read.encoding, lang, source_lang, date, meta,
        fmt=markup_format_of(path, fmt or meta.get("format")), default_lang=settings.lang,
        default_source_lang=settings.source_lang,
    )
    return _with_notices(audit_document(doc, references, settings, rules=rules, stages=stages), read.notices)


def _units(path: Path, references, settings, stages, lang, source_lang, date, max_bytes, rules) -> AuditResult:
    """A bilingual file: its target units are the document, their sources the pairs."""
    bil = read_bilingual(path, max_bytes=max_bytes)
    lang = lang or (None if bil.target_lang else settings.lang)  # the file's own languages beat the config's
    source_lang = source_lang or (None if bil.source_lang else settings.source_lang)
    doc, data = document_from_units(bil, references, lang, source_lang, date, str(path))
    return audit_document(doc, references, settings, rules=rules,
                          stages=(units_stage(data), *stages, source_chrf_stage()))


def _pair(pair: Pair, references, settings, stages, lang, source_lang, date, rules) -> AuditResult:
    bil = Bilingual(pair.path or "<row>", "tsv", (Unit(pair.ident, pair.source, pair.target, pair.reference),),
                    source_lang, lang)
    doc, data = document_from_units(bil, references, lang, source_lang, date, path=pair.path or f"<row {pair.ident}>")
    return audit_document(doc, references, settings, rules=rules,
                          stages=(units_stage(data), *stages, source_chrf_stage()))


def _with_notices(result: AuditResult, notices) -> AuditResult:
    return replace(result, notices=tuple(notices) + tuple(result.notices)) if notices else result


# Shorthands for the input kinds, for scripts and tests.


def audit_path(path, references, settings, stages: StageOptions | tuple | None = None, **given) -> AuditResult:
    """A file as `tqa audit FILE` reads it (default: no optional stage)."""
    return audit(path, references, settings, stages, **given)


def audit_pair(source: str, target: str, references, settings, lang: str, source_lang: str,
               reference: str | None = None, rules=None, ident: str = "1") -> AuditResult:
    """One source/target pair as a one-unit document (what `tqa eval` does per row)."""
    return audit(Pair(source, target, ident, reference), references, settings, lang=lang, source_lang=source_lang,
                 rules=rules)
