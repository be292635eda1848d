"""Baselines: adopt the gate on a legacy corpus without fixing everything first.

`tqa gate --write-baseline FILE` records every current finding by a fingerprint that survives
edits elsewhere in the file: the rule, the matched text and the words around it (normalised:
case, spacing and punctuation do not matter), never offsets or line numbers. A later
`tqa gate --baseline FILE` drops the findings it knows (as many of each fingerprint as were
recorded, so a second copy of a known mistake is new) and judges each file on what is left.
Paths are stored relative to the baseline file, with `/`, so it works from any directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from audit.config import Settings
from audit.errors import ConfigError
from audit.model import AuditResult, Finding
from audit.reading import file_kind
from audit.scoring import score, verdict

VERSION = 1
CONTEXT_WORDS = 4
_WORD = re.compile(r"\w+", re.UNICODE)


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def fingerprint(result: AuditResult, f: Finding) -> str:
    """Stable id of a finding: rule + normalised match + up to 4 words either side in its segment."""
    text = result.document.text
    seg = result.document.segments[f.segment] if f.segment is not None else None
    lo = seg.span.start if seg and seg.span.start <= f.span.start else max(0, f.span.start - 200)
    hi = seg.span.end if seg and seg.span.end >= f.span.end else min(len(text), f.span.end + 200)
    before = _WORD.findall(text[lo : f.span.start].casefold())[-CONTEXT_WORDS:]
    after = _WORD.findall(text[f.span.end : hi].casefold())[:CONTEXT_WORDS]
    key = "\x1f".join([f.rule, _norm(f.text), " ".join(before), " ".join(after)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def loose(f: Finding) -> str:
    """Rule + normalised match only: a known finding whose surrounding words were edited."""
    return hashlib.sha256(f"{f.rule}\x1f{_norm(f.text)}".encode("utf-8")).hexdigest()[:20]


def _key(path: str, base: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


def build(results: list[AuditResult], baseline_path: str | os.PathLike) -> str:
    """The baseline file's text for these results (deterministic: sorted, no timestamps)."""
    base = Path(os.path.abspath(baseline_path)).parent
    files: dict[str, list[dict]] = {}
    for r in results:
        counts = Counter(fingerprint(r, f) for f in r.findings)
        first: dict[str, Finding] = {}
        for f in r.findings:
            first.setdefault(fingerprint(r, f), f)
        entries = [
            {"fingerprint": fp, "loose": loose(first[fp]), "rule": first[fp].rule, "text": first[fp].text[:120],
             "count": n}
            for fp, n in sorted(counts.items(), key=lambda kv: (first[kv[0]].rule, kv[0]))
        ]
        if entries:
            files[_key(r.document.path, base)] = entries
    doc = {"tool": "tqa", "baseline": VERSION, "files": dict(sorted(files.items()))}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


class Baseline:
    def __init__(self, path: str | os.PathLike, files: dict[str, list[tuple[str, str, int]]]):
        self.path = Path(path)
        self.base = Path(os.path.abspath(path)).parent
        self.files = files  # relative path -> [(fingerprint, loose key, count)]

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Baseline":
        p = Path(path)
        if p.exists() and not p.is_file():  # a FIFO would hang the gate in read_text
            raise ConfigError(f"{p}: is {file_kind(p.stat().st_mode)}, not a baseline file (--write-baseline writes one)")
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: no such baseline file (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: JSON, or an integer of 5000 digits
            raise ConfigError(f"{p}: not a tqa baseline: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{p}: not a tqa baseline: nested too deeply") from None
        if not isinstance(data, dict) or data.get("tool") != "tqa" or not isinstance(data.get("files"), dict):
            raise ConfigError(f"{p}: not a tqa baseline (expected {{\"tool\": \"tqa\", \"files\": ...}})")
        if data.get("baseline") != VERSION:
            raise ConfigError(f"{p}: baseline version {data.get('baseline')!r} is not supported (expected {VERSION})")
        files: dict[str, list] = {}
        try:
            for name, entries in data["files"].items():
                files[name] = [(str(e["fingerprint"]), str(e.get("loose", "")), int(e.get("count", 1))) for e in entries]
                if any(not 1 <= n <= 10**9 for _, _, n in files[name]):  # absurd counts: -5, 10**100
                    raise ValueError("count")
        except (TypeError, KeyError, ValueError, AttributeError, OverflowError):
            raise ConfigError(f"{p}: malformed baseline entry under {name!r}") from None
        return cls(p, files)

    def entries(self, path: str) -> list[tuple[str, str, int]]:
        return self.files.get(_key(path, self.base), [])

    def apply(self, result: AuditResult, settings: Settings) -> AuditResult:
        """Drop the known findings; score and judge what is new. With a baseline the gate is a
        ratchet: besides the usual verdict, any new finding at or above `fail_on_new` fails."""
        exact: Counter = Counter()
        by_loose: dict[str, Counter] = {}
        for fp, lk, n in self.entries(result.document.path):
            exact[fp] += n
        prints = [fingerprint(result, f) for f in result.findings]
        unmatched: list[int] = []
        for i, fp in enumerate(prints):  # pass 1: same rule, text and surrounding words
            if exact[fp] > 0:
                exact[fp] -= 1
            else:
                unmatched.append(i)
        for fp, lk, n in self.entries(result.document.path):  # what pass 1 left of each entry
            take = min(n, exact[fp])
            exact[fp] -= take
            if take and lk:
                by_loose.setdefault(lk, Counter())[fp] += take
        new: list[Finding] = []
        for i in unmatched:  # pass 2: same rule and text, its surroundings edited
            f = result.findings[i]
            pool = by_loose.get(loose(f))
            fp = next((k for k, v in (pool or {}).items() if v > 0), None)
            if fp is not None:
                pool[fp] -= 1
            else:
                new.append(f)
        known = len(result.findings) - len(new)
        left = Counter({k: v for c in by_loose.values() for k, v in c.items() if v > 0})
        s = score(new, result.document.words, settings)
        passed, reasons = verdict(s, new, settings)
        if settings.fail_on_new is not None:
            worse = [f for f in new if f.severity >= settings.fail_on_new]
            if worse:
                reasons = (*reasons, f"{len(worse)} new finding(s) at or above '{settings.fail_on_new.label}' "
                                     f"not in the baseline {self.path.name}")
                passed = False
        data = {**result.data, "baseline": {"file": str(self.path), "known": known, "new": len(new),
                                            "fixed": sum(left.values())}}
        kept = {id(f) for f in new}  # the known findings themselves, for SARIF's baselineState "unchanged"
        data["baseline_known"] = [_known(result, f) for f in result.findings if id(f) not in kept]
        return replace(result, findings=tuple(new), score=s, passed=passed, reasons=tuple(reasons), data=data)


def _known(result: AuditResult, f: Finding) -> dict:
    return {"rule": f.rule, "category": f.category, "severity": f.severity.label, "message": f.message,
            "span": {"start": f.span.start, "end": f.span.end}, "text": f.text, "segment": f.segment,
            "suggestion": f.suggestion, "fingerprint": fingerprint(result, f)}
