"""MarianMT with transformers: `from_pretrained` of a local directory or a hub id.

The model loads on the first `translate` call (so a run whose translations are all cached
never imports torch). Inputs are sorted by length into batches and the order restored;
CUDA is used when present; decoding is greedy unless `beams` > 1; output length is bounded.
"""

from __future__ import annotations

import sys

from audit.translate.base import EngineBase, ModelError
from audit.translate.models import ModelSource, download, hub_cache_dir
from audit.translate.threads import configure_torch, engine_threads

MAX_INPUT_TOKENS = 512
MAX_NEW_TOKENS = 256


def output_budget(src_len: int, cap: int = MAX_NEW_TOKENS) -> int:
    """Generated tokens allowed for a source of `src_len` tokens (a runaway guard)."""
    return max(8, min(cap, int(src_len * 2) + 10))


def length_batches(texts: list[str], batch_size: int) -> list[list[int]]:
    """Indices of `texts`, longest first, in batches: similar lengths pad little."""
    order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), i))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


class MarianTranslator(EngineBase):
    engine = "transformers"

    def __init__(self, source: ModelSource, beams: int = 1, batch_size: int = 16, device: str | None = None,
                 max_new_tokens: int = MAX_NEW_TOKENS, progress: bool | None = None, threads: int | None = None):
        super().__init__(source, beams, batch_size, device, max_new_tokens)
        self.threads = threads  # None: the CPUs this process may use (audit.translate.threads)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self._model = None
        self._tok = None

    def load(self) -> None:
        if self._model is not None:
            return
        if self.source.path is None:  # a hub id not cached yet: fetch it (progress bar on a terminal)
            self.source = download(self.source, self.progress)
            self.revision = self.source.revision
        try:
            import torch
            import transformers
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError as exc:
            raise ModelError(f"back-translation needs transformers and torch ({exc.name} is missing): "
                             "pip install 'tqa[mt]'") from None
        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        where, kwargs = str(self.source.path), {"local_files_only": True}
        if self.source.origin == "hub-cache":  # from_pretrained of the hub id, from the local cache
            where = self.source.id
            kwargs.update(revision=self.source.revision, cache_dir=str(hub_cache_dir()))
        try:
            tok = MarianTokenizer.from_pretrained(where, **kwargs)
            model = MarianMTModel.from_pretrained(where, **kwargs)
        except OSError as exc:
            raise _classify(self.source, exc) from None
        except Exception as exc:  # noqa: BLE001 - a corrupt checkpoint raises anything
            raise ModelError(f"cannot load model {self.source.id}: {type(exc).__name__}: {_first_line(exc)}") from None
        self.max_positions = int(getattr(model.config, "max_position_embeddings", 0) or MAX_INPUT_TOKENS)
        self.device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        if self.device == "cpu":

            self.threads = self.threads or engine_threads()
            configure_torch(self.threads)
        model.to(self.device)
        model.eval()
        self._model, self._tok = model, tok

    @property
    def cap(self) -> int:
        """Most tokens to generate: the option, within the model's positions (start token too)."""
        return min(self.max_new_tokens, self.max_positions - 1)

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        self.load()
        import torch

        tok, model = self._tok, self._model
        out: list[str] = [""] * len(texts)
        pad = tok.pad_token_id
        for batch in length_batches(texts, self.batch_size):
            enc = tok([texts[i] for i in batch], return_tensors="pt", padding=True, truncation=True,
                      max_length=min(MAX_INPUT_TOKENS, self.max_positions))
            enc = {k: v.to(self.device) for k, v in enc.items()}
            budget = output_budget(int(enc["input_ids"].shape[1]), self.cap)
            with torch.inference_mode():
                generated = model.generate(
                    **enc,
                    num_beams=self.beams,
                    do_sample=False,
                    max_new_tokens=budget,
                    bad_words_ids=[[pad]] if pad is not None else None,
                    forced_eos_token_id=None,  # same as CTranslate2: a cut output is just cut
                )
            for i, text in zip(batch, tok.batch_decode(generated, skip_special_tokens=True)):
                out[i] = text.strip()
        return out

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Output token ids without the start token, padding and </s>, to compare engines."""
        self.load()
        import torch

        tok, model = self._tok, self._model
        enc = tok(texts, return_tensors="pt", padding=True, truncation=True,
                  max_length=min(MAX_INPUT_TOKENS, self.max_positions))
        budget = output_budget(int(enc["input_ids"].shape[1]), self.cap)
        with torch.inference_mode():
            gen = model.generate(**enc, num_beams=self.beams, do_sample=False, max_new_tokens=budget,
                                 bad_words_ids=[[tok.pad_token_id]], forced_eos_token_id=None)
        skip = {tok.pad_token_id, tok.eos_token_id}
        return [[t for t in row.tolist()[1:] if t not in skip] for row in gen]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _classify(source: ModelSource, exc: OSError) -> Exception:
    """Loading is always from local files here, so an OSError means the files are wrong."""
    if source.origin == "dir":
        return ModelError(f"cannot load model directory {source.path}: {_first_line(exc)}")
    return ModelError(f"cannot load {source.id} from the Hugging Face cache ({source.path}): {_first_line(exc)}")
