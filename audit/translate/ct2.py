"""CTranslate2: a Marian directory converted once (int8 by default) and translated with
`ctranslate2.Translator`. Tokenisation is sentencepiece with the model's own `source.spm`,
`target.spm` and `vocab.json`, exactly as MarianTokenizer does it, so this engine never
imports transformers (except to convert, once).

Two details make its greedy output equal transformers': the converter drops `<pad>` (ids
above it do not exist), and the source tokens must end with `</s>`, which MarianTokenizer
appends and sentencepiece does not.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from audit.cachedir import cache_dir
from audit.translate.base import EngineBase, ModelError
from audit.translate.marian import MAX_INPUT_TOKENS, MAX_NEW_TOKENS, length_batches, output_budget
from audit.translate.models import ModelSource, download
from audit.translate.threads import engine_threads

QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "float32")


def converted_dir(source: ModelSource, quantization: str, root: Path | None = None) -> Path:
    """Where the converted model lives in the cache (one per model revision and precision)."""

    digest = hashlib.sha256(f"{source.id}\0{source.revision}".encode()).hexdigest()[:16]
    return (root or cache_dir() / "ct2") / f"{digest}-{quantization}"


def convert(model_dir: Path, out: Path, quantization: str = "int8") -> Path:
    """Convert a transformers Marian directory into `out`, atomically (a temp dir, renamed)."""
    if (out / "model.bin").is_file():
        return out
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        raise ModelError("--engine ct2 needs ctranslate2: pip install 'tqa[ct2]'") from None
    try:  # the converter loads the model with transformers: keep its bars and warnings quiet
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
    except ImportError:
        raise ModelError("converting for CTranslate2 needs transformers: pip install 'tqa[mt]'") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        TransformersConverter(str(model_dir)).convert(str(tmp / "m"), quantization=quantization, force=True)
        try:
            os.replace(tmp / "m", out)
        except OSError:
            if not (out / "model.bin").is_file():  # not a concurrent conversion that won
                raise
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - the converter raises anything on a bad checkpoint
        raise ModelError(f"cannot convert {model_dir} for CTranslate2: {type(exc).__name__}: {exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


class Ct2Translator(EngineBase):
    engine = "ct2"

    def __init__(self, source: ModelSource, beams: int = 1, batch_size: int = 16, device: str | None = None,
                 quantization: str = "int8", max_new_tokens: int = MAX_NEW_TOKENS, cache_root: Path | None = None,
                 threads: int | None = None):
        if quantization not in QUANTIZATIONS:
            raise ModelError(f"unknown CTranslate2 quantization {quantization!r} (choose from: {', '.join(QUANTIZATIONS)})")
        super().__init__(source, beams, batch_size, device, max_new_tokens, options=f"-{quantization}")
        self.quantization = quantization
        self.cache_root = cache_root
        self.threads = threads  # None: the CPUs this process may use (audit.translate.threads)
        self._translator = None

    def load(self) -> None:
        if self._translator is not None:
            return
        import sentencepiece as spm

        if self.source.path is None:  # a hub id not cached yet
            import sys

            self.source = download(self.source, sys.stderr.isatty())
            self.revision = self.source.revision
        path = self.source.path
        try:
            self._sp_src = spm.SentencePieceProcessor(model_file=str(path / "source.spm"))
            self._sp_tgt = spm.SentencePieceProcessor(model_file=str(path / "target.spm"))
            self._vocab = set(json.loads((path / "vocab.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"{path}: not a Marian model directory (source.spm, target.spm, vocab.json): {exc}") from None
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}/config.json: {exc}") from None
        self.max_positions = int(config.get("max_position_embeddings") or MAX_INPUT_TOKENS)
        out = convert(path, converted_dir(self.source, self.quantization, self.cache_root), self.quantization)
        import ctranslate2

        device = self.device or ("cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu")
        self.threads = self.threads or engine_threads()  # never 0, CTranslate2's "every core it sees"
        try:
            self._translator = ctranslate2.Translator(str(out), device=device, intra_threads=self.threads,
                                                      inter_threads=1)
        except Exception as exc:  # noqa: BLE001
            raise ModelError(f"cannot load the converted model {out}: {exc} (delete it to convert again)") from None
        self.device = device

    def source_tokens(self, text: str) -> list[str]:
        pieces = self._sp_src.encode(text, out_type=str)[: min(MAX_INPUT_TOKENS, self.max_positions) - 1]
        return [p if p in self._vocab else "<unk>" for p in pieces] + ["</s>"]

    def _hypotheses(self, texts: list[str]) -> list[list[str]]:
        self.load()
        out: list[list[str]] = [[] for _ in texts]
        for batch in length_batches(texts, self.batch_size):
            tokens = [self.source_tokens(texts[i]) for i in batch]
            budget = output_budget(max(len(t) for t in tokens), min(self.max_new_tokens, self.max_positions - 1))
            results = self._translator.translate_batch(
                tokens, beam_size=self.beams, max_decoding_length=budget, max_batch_size=self.batch_size
            )
            for i, r in zip(batch, results):
                out[i] = r.hypotheses[0]
        return out

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        return [self._sp_tgt.decode_pieces([p for p in hyp if p not in ("<unk>", "</s>")]).strip()
                for hyp in self._hypotheses(texts)]

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Output token ids in the transformers vocabulary, without </s> (as MarianTranslator.token_ids)."""
        vocab = json.loads((self.source.path / "vocab.json").read_text(encoding="utf-8"))
        ids = []
        for hyp in self._hypotheses(texts):
            row = [vocab.get(p, vocab.get("<unk>", 1)) for p in hyp]
            ids.append(row)
        return ids
