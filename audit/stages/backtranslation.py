"""The back-translation stage: target segments → source language (and, when a model for the
way back is there, → target again for a round-trip chrF per segment).

It fills `Segment.backtranslation`, adds the `roundtrip-chrF` metric with its sacrebleu
signature, and leaves what BT002 needs in `data["backtranslation"]`. When no model can be
had (offline, nothing cached) it says so in one notice and the audit goes on; with
`require=True` that is an error (exit 2) instead.

The default model for a pair (references/models.yaml) is used only when it is already on this
machine: an audit never downloads hundreds of megabytes unasked. Naming a hub id with
`--model` (or `--require-model`) downloads it, with a progress bar on a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from audit.errors import ConfigError
from audit.model import Document, Metric
from audit.stages import BackTranslation, Outputs, StageOutput
from audit.translate.base import ModelError, ModelUnavailable, Translator
from audit.translate.ct2 import QUANTIZATIONS
from audit.translate.factory import make_translator
from audit.translate.models import default_model, hub_cache_snapshot, looks_like_path

DEFAULT_MIN_ROUNDTRIP = 20.0  # chrF; a garbled round trip scores below it, a fair one far above
_HOW = "point --model (or TQA_MODEL) at a local copy of a Marian model directory"


@dataclass(frozen=True)
class BTOptions:
    """Flags; None means: from `[tool.tqa.backtranslation]`, else the default."""

    model: str | None = None  # directory or hub id; None: the pair's default, if cached
    forward_model: str | None = None  # source → target, for the round trip
    engine: str | None = None  # transformers | ct2
    beams: int | None = None  # 1 = greedy
    quantization: str | None = None  # CTranslate2 only; int8 by default
    require: bool = False  # a missing model is an error, not a notice
    min_roundtrip: float | None = None  # BT002 threshold; None: config or the default
    cache: bool = True


def backtranslation_stage(options: BTOptions, make: Callable[..., Translator] | None = None):
    """A pipeline Stage over `options`. `make(spec, engine=, beams=, quantization=, cache=)`
    builds a Translator (default: audit.translate.factory.make_translator)."""

    def stage(doc: Document, references, settings, earlier: Outputs | None = None) -> StageOutput:
        cfg = dict(getattr(settings, "backtranslation", None) or {})
        opts = replace(
            options,
            model=options.model or cfg.get("model"),
            forward_model=options.forward_model or cfg.get("forward-model"),
            engine=options.engine or cfg.get("engine") or "transformers",
            beams=options.beams or cfg.get("beams") or 1,
            quantization=options.quantization or cfg.get("quantization") or "int8",
            require=options.require or bool(cfg.get("require-model")),
            min_roundtrip=options.min_roundtrip if options.min_roundtrip is not None
            else float(cfg.get("min-roundtrip-chrf", DEFAULT_MIN_ROUNDTRIP)),
        )
        try:
            return _run(doc, references, opts, make)
        except ModelUnavailable as exc:
            if opts.require:
                raise ModelUnavailable(f"{exc}; {_HOW} (--require-model is set)") from None
            return StageOutput(notices=(f"back-translation skipped: {exc}; {_HOW}",))

    return stage


def _make(spec: str, opts: BTOptions, make):
    make = make or make_translator
    return make(spec, engine=opts.engine, beams=opts.beams, quantization=opts.quantization, cache=opts.cache)


def _pick(explicit: str | None, src: str, tgt: str, references, require: bool,
          flag: str = "--model") -> tuple[str | None, str | None]:
    """(model spec, why not) for src → tgt: the one named, else the default if on this machine."""
    if explicit:
        return explicit, None
    spec = default_model(src, tgt, getattr(references, "root", None))
    if spec is None:
        return None, f"no default model for {src}→{tgt} in references/models.yaml"
    if require or looks_like_path(spec) or hub_cache_snapshot(spec) is not None:
        return spec, None
    return None, f"the default model {spec} is not on this machine (`{flag} {spec}` downloads it)"


def _run(doc: Document, references, opts: BTOptions, make):
    src, tgt = doc.source_lang, doc.lang
    if not src or src == tgt:
        if opts.model or opts.require:
            raise ModelError("back-translation needs the source language: give --source-lang "
                             "(or source_lang in the file's .meta.yaml)")
        return StageOutput()
    spec, why = _pick(opts.model, tgt, src, references, opts.require)
    if spec is None:
        raise ModelUnavailable(why)
    back = _make(spec, opts, make)
    todo = [i for i, s in enumerate(doc.segments) if any(ch.isalpha() for ch in s.text)]
    outputs = back.translate([doc.segments[i].text for i in todo])
    bts: list[str | None] = [None] * len(doc.segments)
    for i, out in zip(todo, outputs):
        bts[i] = out
    segments = tuple(replace(s, backtranslation=bts[i]) for i, s in enumerate(doc.segments))
    new_doc = replace(doc, segments=segments)
    data = {
        "model": back.model_id,
        "revision": back.revision,
        "decoding": back.decoding,
        "direction": f"{tgt}-{src}",
        "translated": getattr(back, "translated", len(todo)),
        "cached": getattr(back, "cached", 0),
        "min_roundtrip_chrf": opts.min_roundtrip,
    }
    notices: list[str] = []
    metrics: tuple[Metric, ...] = ()
    cache = getattr(back, "cache", None)
    if cache is not None and cache.problem:
        notices.append(cache.problem)
    fspec, fwhy = _pick(opts.forward_model, src, tgt, references, False, "--forward-model")
    forward = None
    if fspec is not None:
        try:
            forward = _make(fspec, opts, make)
            round_trip = forward.translate([bts[i] for i in todo])
        except ModelUnavailable as exc:
            forward, fwhy = None, str(exc)
    if forward is None:
        notices.append(f"round-trip fidelity skipped: {fwhy}; give --forward-model DIR_OR_ID for {src}→{tgt}")
    else:
        metric, per_text = roundtrip_metric(doc, todo, round_trip, back, forward)
        metrics = (metric,)
        data.update(forward_model=forward.model_id, forward_revision=forward.revision,
                    roundtrip=per_text, roundtrip_chrf=list(metric.per_segment))
    return StageOutput(document=new_doc, metrics=metrics, notices=tuple(notices),
                       products=(BackTranslation(data),))


def roundtrip_metric(doc: Document, todo: list[int], round_trip: list[str], back, forward):
    """chrF of each segment's round trip against the segment itself, and over the document."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    originals = [doc.segments[i].text for i in todo]
    per: list[float | None] = [None] * len(doc.segments)
    texts: list[str | None] = [None] * len(doc.segments)
    for i, hyp, ref in zip(todo, round_trip, originals):
        per[i] = round(chrf.sentence_score(hyp, [ref]).score, 2)
        texts[i] = hyp
    result = chrf.corpus_score(round_trip or [""], [originals or [""]])  # the signature needs a run
    corpus = result.score if todo else 0.0
    signature = (f"{chrf.get_signature()}|bt:{back.model_id}@{str(back.revision)[:12]}"
                 f"|fw:{forward.model_id}@{str(forward.revision)[:12]}|{back.decoding}")
    return Metric("roundtrip-chrF", round(corpus, 2), signature, tuple(per)), texts


_CONFIG_KEYS = ("model", "forward-model", "engine", "beams", "quantization", "require-model", "min-roundtrip-chrf")


def parse_config(table, base) -> dict:
    """Validate `[tool.tqa.backtranslation]`. A model path starting with . or ~ is relative to
    the config file's directory; anything else is a directory or hub id as written."""
    if not isinstance(table, dict):
        raise ConfigError(f"backtranslation must be a table with: {', '.join(_CONFIG_KEYS)}")
    unknown = sorted(set(table) - set(_CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"backtranslation: unknown key(s) {', '.join(unknown)} (known: {', '.join(_CONFIG_KEYS)})")
    out = {}
    for key, value in table.items():
        if key in ("model", "forward-model"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"backtranslation.{key} must be a directory or a hub id")
            out[key] = str((Path(base) / Path(value).expanduser()).resolve()) if value.startswith((".", "~")) else value
        elif key == "engine":
            if value not in ("transformers", "ct2"):
                raise ConfigError("backtranslation.engine must be 'transformers' or 'ct2'")
            out[key] = value
        elif key == "beams":
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 16:
                raise ConfigError("backtranslation.beams must be a whole number from 1 to 16")
            out[key] = value
        elif key == "quantization":
            if value not in QUANTIZATIONS:
                raise ConfigError(f"backtranslation.quantization must be one of: {', '.join(QUANTIZATIONS)}")
            out[key] = value
        elif key == "require-model":
            if not isinstance(value, bool):
                raise ConfigError("backtranslation.require-model must be true or false")
            out[key] = value
        elif key == "min-roundtrip-chrf":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
                raise ConfigError("backtranslation.min-roundtrip-chrf must be a number from 0 to 100")
            out[key] = float(value)
    return out
