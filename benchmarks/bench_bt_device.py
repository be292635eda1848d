"""Back-translation throughput of tqa's transformers engine (audit.translate.marian) on a GPU
and on CPUs, for docs/scale.md.

A random-weight Marian of opus-mt-en-ru's shape (d_model 512, 6+6 layers, 8 heads, FFN 2048,
62,518-entry vocabulary: tests/tinymodel.build_marian) is built on the spot, so nothing is
downloaded. It goes through the engine's own path: device chosen by the engine (cuda when
present), inputs sorted by length into batches, order restored. Two ways of feeding it:

- per document: each document's segments in one `translate` call, batches of 16 (the local pool,
  and the Ray translator pool on CPUs, which keep results identical to `tqa audit`);
- packed: the segments of many documents in one call, batches of 64 (the Ray translator pool on
  a GPU, audit/corpus/translators.py).

Random weights never emit </s>: every output runs to the engine's cap (2 × input + 10 tokens),
about twice a real translation, so absolute rates are pessimistic for both devices alike.

    python benchmarks/bench_bt_device.py --out bt.json            # GPU if there is one, and CPU
    python benchmarks/bench_bt_device.py --small --docs 4 --cpu-docs 2   # a quick check anywhere
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from audit.translate.marian import MarianTranslator  # noqa: E402
from audit.translate.models import resolve  # noqa: E402

EXTRA = [
    "Secretary of State Antony Blinken met Sergei Lavrov in Geneva on Friday.",
    "The talks lasted seven hours, the ministry said.",
    "NATO Secretary General Jens Stoltenberg said the alliance was ready for dialogue.",
    "The city council of Kyiv approved the budget for new schools.",
    "President Vladimir Putin held a meeting with the government on Monday.",
    "Troops were moved closer to the border, according to satellite images.",
]


def sentences() -> list[str]:
    text = (ROOT / "seeds" / "state-dept-nato-russia.en.txt").read_text(encoding="utf-8")
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 4]
    return found + EXTRA


def documents(n: int, seed: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    pool = sentences()
    return [[rng.choice(pool) for _ in range(rng.randint(6, 30))] for _ in range(n)]


def run(t: MarianTranslator, docs: list[list[str]], packed: bool) -> dict:
    import torch

    segs = sum(map(len, docs))
    sync = torch.cuda.synchronize if t.device == "cuda" else (lambda: None)
    sync()
    t0 = time.perf_counter()
    if packed:
        out = t.translate([s for d in docs for s in d])
    else:
        out = [o for d in docs for o in t.translate(d)]
    sync()
    el = time.perf_counter() - t0
    tokens = sum(len(ids) for ids in t._tok(out, add_special_tokens=False)["input_ids"])
    return {"device": t.device, "batch": t.batch_size, "packed": packed, "documents": len(docs), "segments": segs,
            "seconds": round(el, 3), "segments_per_s": round(segs / el, 1), "output_tokens_per_s": round(tokens / el),
            "outputs": out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200, help="documents on the GPU")
    ap.add_argument("--cpu-docs", type=int, default=6, help="documents on the CPU (slow)")
    ap.add_argument("--small", action="store_true", help="a tiny model, for a quick check")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    import torch
    from tinymodel import build_marian

    report: dict = {"torch": torch.__version__, "cuda": torch.cuda.is_available(),
                    "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                    "cpus": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        shape = dict(d_model=32, layers=1, heads=2) if args.small else \
            dict(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=62518, init_std=0.02, max_positions=512)
        model_dir = build_marian(Path(tmp) / "marian", **shape)
        report["model"] = {**shape, "built_s": round(time.perf_counter() - t0, 1)}
        source = resolve(str(model_dir))
        docs = documents(args.docs)

        auto = MarianTranslator(source, progress=False)
        t0 = time.perf_counter()
        auto.load()
        report["engine_device"] = auto.device  # the engine's own choice: cuda when present
        report["load_s"] = round(time.perf_counter() - t0, 2)
        params = sum(p.numel() for p in auto._model.parameters())
        report["model"]["parameters"] = params
        print(f"model: {params / 1e6:.1f} M parameters, engine device {auto.device}, loaded in {report['load_s']} s",
              flush=True)

        if auto.device == "cuda":
            auto.translate(docs[0])  # warm-up: CUDA kernels, allocator
            per_doc = run(auto, docs, packed=False)
            report["runs"].append(per_doc)
            for batch in (64, 128):
                auto.batch_size = batch
                packed = run(auto, docs, packed=True)
                packed["same_as_per_document"] = sum(a == b for a, b in zip(packed["outputs"], per_doc["outputs"]))
                report["runs"].append(packed)
            report["gpu_memory_peak_mb"] = round(torch.cuda.max_memory_allocated() / 2**20)

        for threads in sorted({os.cpu_count() or 1, 1}, reverse=True):
            cpu = MarianTranslator(source, device="cpu", threads=threads, progress=False)
            cpu.load()
            cpu.translate(docs[0][:2])  # warm-up
            r = run(cpu, docs[: max(1, args.cpu_docs // (4 if threads == 1 else 1))], packed=False)
            r["threads"] = threads
            report["runs"].append(r)
            if auto.device == "cuda":  # the same documents on the GPU, per document: equal outputs?
                auto.batch_size = 16
                g = run(auto, docs[: r["documents"]], packed=False)
                r["same_as_gpu"] = sum(a == b for a, b in zip(g["outputs"], r["outputs"]))

    for r in report["runs"]:
        r.pop("outputs", None)
        print(json.dumps(r), flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
