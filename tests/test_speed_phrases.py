"""The phrase matcher's first-token index (audit/phrases.py) finds exactly what trying every
phrase length at every token found: the same leftmost-longest matches, payloads and spans."""

from __future__ import annotations

import random

import pytest

from audit.model import Span
from audit.phrases import PUNCT_STARTS, Match, PhraseMatcher, _same_acronym, tokenize

VOCAB = ["NATO", "Russia", "council", "the", "of", "US", "us", "—", "-", "Antony", "Blinken", "State",
         "Department", "«", "»", '"', "(", ")", "secretary", "Secretary", "'s", ".", ",", "UK", "Kiev"]


def _reference_find(m: PhraseMatcher, tokens, text):
    """The matcher as it was: every phrase length tried at every token, longest first."""
    out, keys, i, n = [], [t.key for t in tokens], 0, len(tokens)
    lengths = sorted({len(k) for k in m._table}, reverse=True)
    while i < n:
        hit = None
        if keys[i] and (keys[i][0].isalnum() or keys[i] in PUNCT_STARTS):
            for length in lengths:
                if i + length > n:
                    continue
                found = m._table.get(tuple(keys[i:i + length]))
                if not found:
                    continue
                start, end = tokens[i].start, tokens[i + length - 1].end
                payloads = tuple(p for p, exact in found if exact is None or _same_acronym(exact, text[start:end]))
                if payloads:
                    hit = Match(Span(start, end), (i, i + length), payloads)
                    break
        if hit:
            out.append(hit)
            i = hit.tokens[1]
        else:
            i += 1
    return out


@pytest.mark.parametrize("seed", range(40))
def test_first_token_index_finds_what_every_length_found(seed):
    rng = random.Random(seed)
    m: PhraseMatcher = PhraseMatcher()
    for k in range(rng.randint(1, 25)):
        m.add(" ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 4))), k)
    text = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(0, 80)))
    tokens = tokenize(text)
    assert m.find(tokens, text) == _reference_find(m, tokens, text)
    assert m.find(tokens, text) == _reference_find(m, tokens, text)  # keys cached on the tokens: same again


def test_acronyms_still_match_case_sensitively():
    m: PhraseMatcher = PhraseMatcher()
    m.add("US", "acronym")
    m.add("the US embassy", "embassy")
    text = "Tell us about the US embassy and the US."
    found = [(text[x.span.start:x.span.end], x.payloads) for x in m.find(tokenize(text), text)]
    assert found == [("the US embassy", ("embassy",)), ("US", ("acronym",))]


def test_token_keys_are_the_two_table_fold():
    from audit.phrases import _DASHES, _QUOTES, normalise_token

    rng = random.Random(0)
    chars = "aBcZ09-_'\"‐‑‒–—―−’ʼ‘«»“”„ÄßſİıЖжΣς日ﬁ"
    for _ in range(20000):
        t = "".join(rng.choice(chars) for _ in range(rng.randint(1, 6)))
        assert normalise_token(t) == t.translate(_DASHES).translate(_QUOTES).casefold(), t
