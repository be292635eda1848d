"""Which model translates a language pair, and where its files are.

Default models per pair are data (`references/models.yaml`). A model is named by a local
directory or a Hugging Face hub id; `resolve` finds its files without importing transformers:
a local directory is fingerprinted, a hub id is looked up in the local hub cache. A hub id
that is not cached is downloaded later, by the engine, unless the hub is off (HF_HUB_OFFLINE).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from audit import datafiles, yamlio
from audit.errors import DataError
from audit.translate.base import ModelError, ModelUnavailable

_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_FINGERPRINT_FILES = ("config.json", "generation_config.json", "vocab.json", "source.spm", "target.spm",
                      "tokenizer_config.json")


@dataclass(frozen=True)
class ModelSource:
    id: str  # what the user named: a directory as given, or a hub id
    path: Path | None  # local files (a directory or a hub cache snapshot); None: must download
    revision: str  # content fingerprint of a directory, commit of a hub snapshot, or "unresolved"
    origin: str  # "dir" | "hub-cache" | "hub"

    @property
    def label(self) -> str:
        return f"{self.id}@{self.revision[:12]}"


def default_model(source: str, target: str, references_root: Path | None = None) -> str | None:
    """The default model translating `source` → `target` (references/models.yaml)."""
    f = datafiles.resolve(Path(references_root) if references_root else None, "models.yaml")
    if f is None:
        return None
    value = _models_table(f).get(f"{source}-{target}")
    return str(value) if value else None


_TABLES: dict = {}  # models.yaml path -> ((mtime_ns, size), its mapping)


def _models_table(f: Path) -> dict:
    """models.yaml's mapping, read once per process while the file is unchanged: every audit
    asks it (the back-translation stage picks a model per document even when none is named),
    and reading it again for each of a gate's files cost 0.2 ms each, 3% of the gate's time."""
    st = os.stat(f)
    stamp = (st.st_mtime_ns, st.st_size)
    known = _TABLES.get(f)
    if known is not None and known[0] == stamp:
        return known[1]
    data = yamlio.load(f) or {}
    if not isinstance(data, dict):
        raise DataError(f, "expected a mapping of language pairs (en-ru: hub-id)")
    _TABLES[f] = (stamp, data)
    return data


def hub_offline() -> bool:
    return any(os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on")
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def looks_like_path(spec: str) -> bool:
    return (spec.startswith((".", "/", "~")) or os.sep in spec.replace("/", "", 1) or spec.count("/") != 1
            or Path(spec).expanduser().exists())


def resolve(spec: str, revision: str | None = None) -> ModelSource:
    """A local directory or hub id → ModelSource. Raises ModelError for a bad directory,
    ModelUnavailable for a hub id neither cached nor downloadable."""
    spec = spec.strip()
    if not spec:
        raise ModelError("empty model name")
    if looks_like_path(spec):
        return ModelSource(spec, *_local_dir(Path(spec).expanduser()), origin="dir")
    snapshot = hub_cache_snapshot(spec, revision)
    if snapshot is not None:
        return ModelSource(spec, snapshot, snapshot.name, origin="hub-cache")
    if hub_offline():
        raise ModelUnavailable(f"model {spec} is not in the local Hugging Face cache and the hub is off (HF_HUB_OFFLINE)")
    return ModelSource(spec, None, revision or "unresolved", origin="hub")


def _local_dir(path: Path) -> tuple[Path, str]:
    if not path.exists():
        raise ModelError(f"model directory {path} does not exist")
    if not path.is_dir():
        raise ModelError(f"{path} is not a model directory (give the directory holding config.json)")
    config = path / "config.json"
    if not config.is_file():
        raise ModelError(f"{path} is not a model directory: no config.json")
    try:
        json.loads(config.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{config}: corrupt model config ({exc})") from None
    if not any((path / w).is_file() for w in _WEIGHTS):
        raise ModelError(f"{path} has no model weights ({' or '.join(_WEIGHTS)})")
    return path.resolve(), fingerprint(path)


def fingerprint(path: Path) -> str:
    """A content hash of a model directory: small files whole, weights by size, head and tail
    (cheap on a 300 MB file, and any retraining changes them)."""
    h = hashlib.sha256()
    for name in _FINGERPRINT_FILES:
        f = path / name
        if f.is_file():
            h.update(name.encode() + b"\0" + f.read_bytes())
    for name in _WEIGHTS:
        f = path / name
        if f.is_file():
            size = f.stat().st_size
            h.update(f"{name}\0{size}\0".encode())
            with f.open("rb") as fh:
                h.update(fh.read(1 << 20))
                if size > 2 << 20:
                    fh.seek(-(1 << 20), os.SEEK_END)
                    h.update(fh.read())
    return h.hexdigest()[:16]


def hub_cache_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return Path(home).expanduser() / "hub"


def hub_cache_snapshot(repo_id: str, revision: str | None = None) -> Path | None:
    """The cached snapshot directory of a hub model, if it holds a config and weights."""
    repo = hub_cache_dir() / ("models--" + repo_id.replace("/", "--"))
    if not repo.is_dir():
        return None
    rev = revision or "main"
    ref = repo / "refs" / rev
    try:
        commit = ref.read_text(encoding="utf-8").strip() if ref.is_file() else rev
    except OSError:
        return None
    snap = repo / "snapshots" / commit
    if (snap / "config.json").is_file() and any((snap / w).is_file() for w in _WEIGHTS):
        return snap
    return None


_MARIAN_FILES = ("config.json", "generation_config.json", "source.spm", "target.spm", "vocab.json",
                 "tokenizer_config.json", "special_tokens_map.json")


def download(source: ModelSource, progress: bool = False) -> ModelSource:
    """Fetch a hub model's Marian files into the hub cache (one weights file, not every format
    the repository holds). Asks the hub once, without retries, before downloading: an
    unreachable hub is ModelUnavailable at once, an unknown id a ModelError."""
    if source.path is not None:
        return source
    try:
        from huggingface_hub import HfApi, snapshot_download
        from huggingface_hub import errors as hf_errors
        from huggingface_hub.utils import disable_progress_bars, enable_progress_bars
    except ImportError:
        raise ModelError("downloading a model needs huggingface_hub: pip install 'tqa[mt]'") from None
    revision = None if source.revision == "unresolved" else source.revision
    try:
        info = HfApi().model_info(source.id, revision=revision, timeout=15)
    except (hf_errors.RepositoryNotFoundError, hf_errors.RevisionNotFoundError, hf_errors.GatedRepoError) as exc:
        raise ModelError(f"no model {source.id} on the Hugging Face hub ({type(exc).__name__})") from None
    except hf_errors.HfHubHTTPError as exc:
        raise ModelError(f"the Hugging Face hub refused {source.id}: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # noqa: BLE001 - connection refused, DNS, timeout, proxy: all "unreachable"
        raise ModelUnavailable(f"model {source.id} is not on this machine and the hub cannot be reached "
                               f"({type(exc).__name__})") from None
    files = {s.rfilename for s in (info.siblings or ())}
    weights = next((w for w in _WEIGHTS if w in files), None)
    if weights is None or "config.json" not in files:
        raise ModelError(f"{source.id} on the hub is not a transformers Marian model (no config.json or weights)")
    patterns = [f for f in _MARIAN_FILES if f in files] + [weights]
    (enable_progress_bars if progress else disable_progress_bars)()
    try:
        path = snapshot_download(source.id, revision=info.sha, allow_patterns=patterns, cache_dir=str(hub_cache_dir()))
    except Exception as exc:  # noqa: BLE001
        raise ModelUnavailable(f"downloading {source.id} failed: {type(exc).__name__}: "
                               f"{(str(exc).splitlines() or [''])[0]}") from None
    finally:
        disable_progress_bars()
    return ModelSource(source.id, Path(path), info.sha, origin="hub-cache")
