"""Scramble the segment boundaries of a 1-1 parallel text, keeping the true links.

Used to measure the aligner (scripts/measure_alignment.py) and to test it: start from pairs
known to correspond, merge two neighbours, split one at a word boundary, or drop one on either
side, and record which links a perfect aligner would return.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

from audit.align import Link

OPS = ("merge_left", "merge_right", "split_left", "split_right", "drop_left", "drop_right")


@dataclass(frozen=True)
class Scrambled:
    left: list[str]
    right: list[str]
    truth: list[tuple[tuple[int, ...], tuple[int, ...]]]  # (left indices, right indices)
    ops: dict  # op name -> how many times it was applied


def _split(text: str) -> tuple[str, str] | None:
    words = text.split(" ")
    if len(words) < 4:
        return None
    cut = len(words) // 2
    return " ".join(words[:cut]), " ".join(words[cut:])


def scramble(left: Sequence[str], right: Sequence[str], rate: float = 0.15, seed: int = 0) -> Scrambled:
    """About `rate` of the pairs get one operation each; operated pairs never touch each other."""
    if len(left) != len(right):
        raise ValueError("scramble needs a 1-1 parallel text")
    rng = random.Random(seed)
    counts = dict.fromkeys(OPS, 0)
    out_l: list[str] = []
    out_r: list[str] = []
    truth: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    k, n = 0, len(left)
    while k < n:
        op = rng.choice(OPS) if rng.random() < rate else None
        if op in ("merge_left", "merge_right") and k + 1 < n:
            if op == "merge_left":
                truth.append(((len(out_l),), (len(out_r), len(out_r) + 1)))
                out_l.append(f"{left[k]} {left[k + 1]}")
                out_r.extend((right[k], right[k + 1]))
            else:
                truth.append(((len(out_l), len(out_l) + 1), (len(out_r),)))
                out_l.extend((left[k], left[k + 1]))
                out_r.append(f"{right[k]} {right[k + 1]}")
            counts[op] += 1
            k += 2
        elif op in ("split_left", "split_right") and _split(left[k] if op == "split_left" else right[k]):
            if op == "split_left":
                truth.append(((len(out_l), len(out_l) + 1), (len(out_r),)))
                out_l.extend(_split(left[k]))
                out_r.append(right[k])
            else:
                truth.append(((len(out_l),), (len(out_r), len(out_r) + 1)))
                out_l.append(left[k])
                out_r.extend(_split(right[k]))
            counts[op] += 1
            k += 1
        elif op == "drop_left":
            truth.append(((), (len(out_r),)))
            out_r.append(right[k])
            counts[op] += 1
            k += 1
        elif op == "drop_right":
            truth.append(((len(out_l),), ()))
            out_l.append(left[k])
            counts[op] += 1
            k += 1
        else:
            truth.append(((len(out_l),), (len(out_r),)))
            out_l.append(left[k])
            out_r.append(right[k])
            k += 1
            continue
        if k < n:  # keep a clean 1-1 pair after every operation
            truth.append(((len(out_l),), (len(out_r),)))
            out_l.append(left[k])
            out_r.append(right[k])
            k += 1
    return Scrambled(out_l, out_r, truth, counts)


def link_accuracy(truth, links: Sequence[Link]) -> tuple[float, float]:
    """(recall, precision) of exact links: a link counts only if both sides match exactly."""
    t = {(tuple(a), tuple(b)) for a, b in truth}
    p = {(link.left, link.right) for link in links}
    hit = len(t & p)
    return hit / max(len(t), 1), hit / max(len(p), 1)
