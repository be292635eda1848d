"""Machine translation for the audit: one small `Translator` interface, two engines
(transformers MarianMT, CTranslate2), an on-disk cache, and model resolution.

Nothing here imports torch, transformers or ctranslate2 at import time: the engines import
them when a model is first loaded, so an audit without back-translation stays fast.
"""

from audit.translate.base import ModelError, ModelUnavailable, Translator

__all__ = ["ModelError", "ModelUnavailable", "Translator"]
