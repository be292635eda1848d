"""What the checks that need a source share: the document's source/target pairs as they read
them, and rule examples built of such pairs: one pair (`example`), one with a tiny bilingual
lexicon (`lexicon_example`), several side by side (`pairs_example`). Silent without a source
(`ctx.outputs.source_pairs` is None: no `--source`, not a bilingual file)."""

from __future__ import annotations

from dataclasses import replace

from audit.rules import Context, Example


def pairs(ctx: Context):
    """(pair, target text, target offset) for every source/target pair of the document."""
    for _, p, text, start in numbered_pairs(ctx):
        yield p, text, start


def numbered_pairs(ctx: Context):
    """(index into `SourcePairs.pairs`, pair, target text, target offset) for every pair inside
    the document (the index is what `WordAlignment.of_pair` takes)."""
    bil = ctx.outputs.source_pairs
    if bil is None or not bil.source_lang:
        return
    for k, p in enumerate(bil.pairs):
        start, end = p["start"], p["end"]
        if 0 <= start <= end <= len(ctx.text):
            yield k, p, ctx.text[start:end], start


def example(source: str, target: str, source_lang: str, lang: str = "en", fails: bool = True) -> Example:
    """A rule example with one source/target pair as its stage data."""
    pair = {"id": "1", "source": source, "start": 0, "end": len(target), "reference": None}
    data = {"bilingual": {"format": "tsv", "source": None, "source_lang": source_lang, "pairs": [pair],
                          "unpaired_source": [], "unpaired_target": []}}
    return Example(target, fails, lang=lang, source_lang=source_lang, data=data)


def lexicon_example(source: str, target: str, source_lang: str, table, fails: bool = True):
    """A rule example with a tiny bilingual lexicon injected (stage data "lexicon": pairs of
    source and target phrases), so it holds with or without dictionaries installed."""
    ex = example(source, target, source_lang, fails=fails)
    return replace(ex, data={**ex.data, "lexicon": [list(p) for p in table]})


def pairs_example(pairs, source_lang: str, fails: bool = True):
    """A rule example of several source/target pairs (sentences side by side), the target
    sentences joined by spaces: for what depends on the sentences next door."""
    ex = example(" ".join(s for s, _ in pairs), " ".join(t for _, t in pairs), source_lang, fails=fails)
    rows, at = [], 0
    for n, (s, t) in enumerate(pairs, 1):
        rows.append({"id": str(n), "source": s, "start": at, "end": at + len(t), "reference": None})
        at += len(t) + 1
    return replace(ex, data={**ex.data, "bilingual": {**ex.data["bilingual"], "pairs": rows}})
