"""Back-translation speed: transformers fp32 vs CTranslate2 int8 on the opus-mt-en-ru shape.

    python benchmarks/bench_mt.py [--sentences 20] [--src-len 25] [--new-tokens 30] [--keep DIR]

Builds a random-weight MarianMT in the shape of Helsinki-NLP/opus-mt-en-ru (d_model 512, 6+6
layers, 8 heads, ffn 2048, vocab 62518, swish, static positions; no download), converts it to
CTranslate2 int8, and times each engine in its own subprocess (so peak RSS is that engine's
alone): N random source sentences of ~L tokens, exactly T generated tokens each, greedy and
beam 4, one batch. Prints sentences/s, generated tokens/s, peak RSS, and whether the greedy
tokens of the two engines agree. Targets: ct2 >= 1.8x transformers greedy, identical greedy
tokens, ct2 peak RSS <= 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPUS_SHAPE = dict(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=62518, init_std=0.02, max_positions=512)


def sources(n: int, length: int, vocab: int, seed: int = 1) -> list[list[int]]:
    """Random source token ids (real pieces, not <pad>), lengths around `length`, ending in </s>."""
    import random

    rng = random.Random(seed)
    return [[rng.randrange(2, vocab - 1) for _ in range(max(3, length + rng.randint(-3, 3)))] + [0] for _ in range(n)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process since its exec. (ru_maxrss would carry over the
    parent's peak across fork+exec on Linux; VmHWM belongs to the new address space.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def run_transformers(model_dir: str, srcs, beams: int, new_tokens: int, repeats: int, threads: int):
    import torch
    from transformers import MarianMTModel

    torch.set_num_threads(threads)
    model = MarianMTModel.from_pretrained(model_dir, local_files_only=True).eval()
    pad = model.config.pad_token_id
    width = max(len(s) for s in srcs)
    ids = torch.tensor([s + [pad] * (width - len(s)) for s in srcs])
    mask = (ids != pad).long()

    def once():
        with torch.inference_mode():
            return model.generate(input_ids=ids, attention_mask=mask, num_beams=beams, do_sample=False,
                                  min_new_tokens=new_tokens, max_new_tokens=new_tokens,
                                  bad_words_ids=[[pad]], forced_eos_token_id=None)

    once()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = once()
        times.append(time.perf_counter() - t)
    tokens = [[t for t in row.tolist()[1:] if t != pad] for row in out]
    return min(times), tokens


def run_ct2(ct2_dir: str, srcs, beams: int, new_tokens: int, repeats: int, threads: int):
    import ctranslate2

    vocab = json.loads((Path(ct2_dir) / "shared_vocabulary.json").read_text(encoding="utf-8"))
    translator = ctranslate2.Translator(ct2_dir, device="cpu", intra_threads=threads)
    batch = [[vocab[i] for i in s] for s in srcs]  # ids below <pad> are the same in both vocabularies

    def once():
        return translator.translate_batch(batch, beam_size=beams, min_decoding_length=new_tokens,
                                          max_decoding_length=new_tokens, max_batch_size=len(batch))

    once()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        res = once()
        times.append(time.perf_counter() - t)
    index = {p: i for i, p in enumerate(vocab)}
    tokens = [[index[p] for p in r.hypotheses[0]] for r in res]
    return min(times), tokens


def worker(args) -> None:
    srcs = json.loads(Path(args.sources).read_text())
    fn = run_transformers if args.worker == "transformers" else run_ct2
    seconds, tokens = fn(args.model, srcs, args.beams, args.new_tokens, args.repeats, args.threads)
    n = len(srcs)
    print(json.dumps({"seconds": seconds, "sent_s": n / seconds, "tok_s": n * args.new_tokens / seconds,
                      "rss_mb": peak_rss_mb(), "tokens": tokens}))


def measure(engine: str, model: Path, src_file: Path, beams: int, args) -> dict:
    cmd = [sys.executable, __file__, "--worker", engine, "--model", str(model), "--sources", str(src_file),
           "--beams", str(beams), "--new-tokens", str(args.new_tokens), "--repeats", str(args.repeats),
           "--threads", str(args.threads)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": str(args.threads)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        sys.exit(f"{engine} worker failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=20)
    ap.add_argument("--src-len", type=int, default=25)
    ap.add_argument("--new-tokens", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="CPU threads for both engines (default: all cores; on a shared, busy machine "
                         "use 1: torch's thread pool degrades badly when cores are oversubscribed)")
    ap.add_argument("--keep", type=Path, help="build the model here (reused if present) instead of a temp dir")
    ap.add_argument("--worker", choices=("transformers", "ct2"), help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--sources", help=argparse.SUPPRESS)
    ap.add_argument("--beams", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)

    sys.path.insert(0, str(HERE.parent / "tests"))
    sys.path.insert(0, str(HERE.parent))
    from tinymodel import build_marian

    from audit.translate.ct2 import convert

    tmp = tempfile.TemporaryDirectory(prefix="bench-mt-")
    root = args.keep or Path(tmp.name)
    hf_dir, ct2_dir = root / "marian", root / "ct2-int8"
    t = time.perf_counter()
    if not (hf_dir / "model.safetensors").is_file():
        build_marian(hf_dir, **OPUS_SHAPE)
    built = time.perf_counter() - t
    t = time.perf_counter()
    convert(hf_dir, ct2_dir, "int8")
    converted = time.perf_counter() - t
    params_mb = (hf_dir / "model.safetensors").stat().st_size / 1e6
    ct2_mb = (ct2_dir / "model.bin").stat().st_size / 1e6
    srcs = sources(args.sentences, args.src_len, OPUS_SHAPE["vocab_size"])
    src_file = root / "sources.json"
    src_file.write_text(json.dumps(srcs))

    print(f"model: opus-mt-en-ru shape, random weights; {params_mb:.0f} MB safetensors (built in {built:.1f} s), "
          f"ct2 int8 {ct2_mb:.0f} MB (converted in {converted:.1f} s); "
          f"{args.threads} thread(s) per engine of {os.cpu_count()} cores")
    print(f"workload: {len(srcs)} sentences, mean {sum(map(len, srcs)) / len(srcs):.1f} source tokens, "
          f"{args.new_tokens} generated tokens each, one batch, best of {args.repeats}")
    if hasattr(os, "getloadavg"):
        print(f"load average before: {os.getloadavg()[0]:.1f} (other processes share these cores)")
    print(f"{'engine':<22}{'decoding':<10}{'sent/s':>9}{'tok/s':>10}{'peak RSS MB':>13}")
    results = {}
    for beams in (1, 4):
        for engine, model in (("transformers", hf_dir), ("ct2", ct2_dir)):
            r = measure(engine, model, src_file, beams, args)
            results[(engine, beams)] = r
            label = "transformers fp32" if engine == "transformers" else "ctranslate2 int8"
            print(f"{label:<22}{'greedy' if beams == 1 else f'beam {beams}':<10}{r['sent_s']:>9.1f}"
                  f"{r['tok_s']:>10.0f}{r['rss_mb']:>13.0f}")
    hf, ct = results[("transformers", 1)], results[("ct2", 1)]
    same = sum(a == b for a, b in zip(hf["tokens"], ct["tokens"]))
    speedup = ct["sent_s"] / hf["sent_s"]
    beam_speedup = results[("ct2", 4)]["sent_s"] / results[("transformers", 4)]["sent_s"]
    print(f"greedy tokens identical: {same}/{len(srcs)} sentences")
    print(f"ct2 speed-up: greedy {speedup:.2f}x (target >= 1.8x), beam 4 {beam_speedup:.2f}x; "
          f"ct2 peak RSS {ct['rss_mb']:.0f} MB (target <= 400 MB)")
    ok = speedup >= 1.8 and same == len(srcs) and ct["rss_mb"] <= 400
    print("targets: " + ("met" if ok else "NOT met"))
    if hasattr(os, "getloadavg"):
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
