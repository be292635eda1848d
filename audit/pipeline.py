"""read → segment → detect language → checks → score. Plain functions over plain values."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from audit import __version__, langid
from audit.checks import RULES, select
from audit.config import Settings
from audit.errors import DataError, InputError
from audit.model import AuditResult, Document, Finding, Metric
from audit.passes import PassInput, run_passes
from audit.reading import read_path
from audit.references import References
from audit.rules import Context, Rule
from audit.scoring import score, verdict
from audit.segment import segment

_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3})$")


def metadata_path(path: Path) -> Path | None:
    """`article.en.txt` → `article.en.meta.yaml` (or `article.meta.yaml`), if it exists."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    for candidate in (path.with_name(f"{stem}.meta.yaml"), path.with_name(f"{_LANG_SUFFIX.sub('', stem)}.meta.yaml")):
        if candidate.is_file():
            return candidate
    return None


def read_metadata(path: Path) -> dict:
    meta_file = metadata_path(path)
    if meta_file is None:
        return {}
    from audit import yamlio

    data = yamlio.load(meta_file) or {}
    if not isinstance(data, dict):
        raise DataError(meta_file, "metadata must be a mapping (lang, source_lang, date, ...)")
    meta = {str(k): v for k, v in data.items()}
    from audit.metadata import check_metadata

    check_metadata(meta, meta_file, data)  # lang, source_lang, date: the right type and form
    if meta.get("date") is not None:
        meta["date"] = str(meta["date"])
    meta["_file"] = str(meta_file)
    return meta


def build_document(
    text: str,
    references: References,
    path: str = "<text>",
    encoding: str = "utf-8",
    lang: str | None = None,
    source_lang: str | None = None,
    date: str | None = None,
    meta: dict | None = None,
    fmt: str = "text",
    default_lang: str | None = None,
    default_source_lang: str | None = None,
) -> Document:
    """Languages: the argument, else the metadata file, else the file name (`x.en.txt`), else
    the configured default, else detection (language only)."""
    from audit.markup import analysable

    meta = meta or {}
    plain = analysable(text, fmt)
    lang = lang or meta.get("lang") or _lang_from_name(path) or default_lang or _whole_text_lang(plain, references)
    source_lang = source_lang or meta.get("source_lang") or default_source_lang
    date = date or meta.get("date")
    language = references.languages.get(lang)
    paragraphs, segments = segment(plain, language)
    segments = tuple(replace(s, lang=langid.guess(s.text, lang, references.languages).lang) for s in segments)
    return Document(
        path=path,
        text=text,
        lang=lang,
        source_lang=source_lang,
        encoding=encoding,
        paragraphs=paragraphs,
        segments=segments,
        date=date,
        meta={k: v for k, v in meta.items() if not k.startswith("_")},
        format=fmt,
        plain=plain if plain != text else None,
    )


def _lang_from_name(path: str) -> str | None:
    p = Path(path)
    m = _LANG_SUFFIX.search(p.name[: -len(p.suffix)] if p.suffix else "")
    return m.group(1) if m else None


def _whole_text_lang(text: str, references: References) -> str:
    g = langid.guess(text[:2000], "en", references.languages)
    if g.lang is None or g.lang.startswith("und"):
        raise InputError("cannot tell the document's language: give it with --lang")
    return g.lang


@dataclass(frozen=True)
class StageOutput:
    """What an optional stage (back-translation, reference alignment) adds to an audit."""

    document: Document | None = None  # a replacement document (e.g. segments with back-translations)
    metrics: tuple[Metric, ...] = ()
    notices: tuple[str, ...] = ()  # one line each, shown in every report format
    data: dict = field(default_factory=dict)  # JSON-able; checks read it as ctx.data, reports show it


# A stage is configured by whoever builds it (a closure or partial over its options).
Stage = Callable[[Document, References, Settings], StageOutput]


def run_rules(doc: Document, references: References, rules: tuple[Rule, ...], data: dict | None = None) -> list[Finding]:
    ctx = Context(doc, references, data)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(ctx))
    return findings


def pass_input(doc: Document, rules: tuple[Rule, ...], settings: Settings | None = None) -> PassInput:
    """What the passes over findings know of an audit (audit/passes.py)."""
    return PassInput(doc, rules, RULES, settings.file_ignores if settings else (), dict(settings.severity) if settings else {})


def audit_document(
    doc: Document,
    references: References,
    settings: Settings,
    rules: tuple[Rule, ...] | None = None,
    stages: tuple[Stage, ...] = (),
) -> AuditResult:
    started = time.perf_counter()
    rules = rules if rules is not None else select(RULES, list(settings.select), list(settings.ignore))
    metrics: list[Metric] = []
    notices: list[str] = []
    data: dict = {}
    for stage in stages:
        out = stage(doc, references, settings)
        doc = out.document or doc
        metrics.extend(out.metrics)
        notices.extend(out.notices)
        data.update(out.data)
    # Checks, then the passes over their findings: suppression, severity overrides, one finding
    # per problem (audit/passes.py).
    findings, passed_data = run_passes(run_rules(doc, references, rules, data), pass_input(doc, rules, settings))
    data.update(passed_data)
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    s = score(findings, doc.words, settings)
    passed, reasons = verdict(s, findings, settings)
    data["seconds"] = time.perf_counter() - started  # JUnit's time; not in the JSON report (varies)
    return AuditResult(
        document=doc,
        findings=tuple(findings),
        score=s,
        passed=passed,
        reasons=reasons,
        signature=signature(references, settings, rules, doc if data.get("bilingual") else None),
        metrics=tuple(metrics),
        notices=tuple(notices),
        data=data,
    )


def signature(references: References, settings: Settings, rules, bilingual: Document | None = None) -> str:
    """sacrebleu-style: what the result depends on. A bilingual audit also names its source
    language and the bilingual lexicon it used (dictionaries, abbreviations: their digest)."""
    w = settings.weights
    pair = []
    if bilingual is not None:
        from audit.lexicon import lexicon_for

        lex = lexicon_for(references, bilingual.source_lang, bilingual.lang)
        pair = [f"src:{bilingual.source_lang}", f"lex:{lex.digest if lex.available else 'none'}"]
    return "|".join(
        [
            f"tqa:{__version__}",
            f"refs:{references.digest}",
            f"entries:{len(references.glossary)}",
            f"rules:{len(rules)}",
            f"weights:{w['minor']:g}/{w['major']:g}/{w['critical']:g}",
            f"min:{settings.min_score:g}",
            f"fail-on:{settings.fail_on.label if settings.fail_on else 'none'}",
            *pair,
        ]
    )


def audit_path(
    path: str | Path,
    references: References,
    settings: Settings,
    lang: str | None = None,
    source_lang: str | None = None,
    date: str | None = None,
    max_bytes: int | None = None,
    stages: tuple[Stage, ...] = (),
    fmt: str | None = None,
) -> AuditResult:
    from audit.markup import format_of

    p = Path(path)
    read = read_path(p, max_bytes=max_bytes)
    meta = read_metadata(p) if p.is_file() else {}
    doc = build_document(
        read.text, references, str(path), read.encoding, lang, source_lang, date, meta,
        fmt=format_of(p, fmt or meta.get("format")), default_lang=settings.lang, default_source_lang=settings.source_lang,
    )
    result = audit_document(doc, references, settings, stages=stages)
    if read.notices:  # what decoding did (stray bytes read as cp1252), shown in every report
        from dataclasses import replace

        result = replace(result, notices=tuple(read.notices) + tuple(result.notices))
    return result
