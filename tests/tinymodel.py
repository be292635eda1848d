"""A tiny MarianMT model built offline, so tests load a real model through `from_pretrained`.

Random weights: it translates nothing meaningfully, but it is a real Marian checkpoint with a
real sentencepiece tokenizer, so loading, batching, caching and the CTranslate2 conversion
all run exactly as they do for `Helsinki-NLP/opus-mt-en-ru`. Builds in a few seconds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

# A few hundred words of English and Russian, enough to train a ~600-piece vocabulary.
_CORPUS = """\
The State Department said the United States and NATO were ready to meet again.
The minister spoke to reporters in Brussels on Monday after the talks ended.
Negotiations on security guarantees were held in Geneva, Vienna and Brussels.
The parties discussed further steps and agreed to continue the dialogue.
The alliance is committed to a diplomatic way to resolve the situation.
The deputy foreign minister said the talks had reached a dead end.
Officials called on the government to take measures to reduce tension.
The president met the prime minister and the secretary general of the alliance.
Troops were moved closer to the border, according to satellite images.
The council met for the first time in more than two years.
A spokesman for the embassy declined to comment on the report.
The ambassador presented the proposals to the permanent council.
Госдепартамент заявил, что США и НАТО готовы к новой встрече с Россией.
Министр выступил перед журналистами в Брюсселе в понедельник после переговоров.
Переговоры о гарантиях безопасности прошли в Женеве, Вене и Брюсселе.
Стороны обсудили дальнейшие шаги и договорились продолжить диалог.
Альянс привержен дипломатическому пути урегулирования ситуации.
Заместитель министра иностранных дел заявил, что переговоры зашли в тупик.
Чиновники призвали правительство принять меры для снижения напряженности.
Президент встретился с премьер-министром и генеральным секретарем альянса.
Войска были переброшены ближе к границе, согласно спутниковым снимкам.
Совет собрался впервые более чем за два года.
Представитель посольства отказался комментировать сообщение.
Посол представил предложения постоянному совету.
Госсекретарь США Энтони Блинкен и генсек НАТО обсудили дальнейшие шаги.
Постпред России при ОБСЕ заявил, что Москва не видит смысла в новых встречах.
"""

VOCAB_SIZE = 600


def build_tiny_marian(out_dir: str | Path, seed: int = 0, d_model: int = 32) -> Path:
    """Write a tiny MarianMT checkpoint (model, tokenizer) to `out_dir` and return it."""
    return build_marian(out_dir, seed=seed, d_model=d_model)


def build_marian(out_dir: str | Path, seed: int = 0, d_model: int = 32, layers: int = 1, heads: int = 2,
                 ffn: int | None = None, vocab_size: int | None = None, init_std: float = 0.3,
                 max_positions: int = 64) -> Path:
    """A random-weight Marian of any shape. `vocab_size` larger than the sentencepiece model
    pads vocab.json with placeholder pieces (the benchmark's opus-mt shape: 62518)."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "_spm"
    work.mkdir(exist_ok=True)
    corpus = work / "corpus.txt"
    corpus.write_text(_CORPUS * 3, encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(work / "sp"),
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        normalization_rule_name="identity",
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(work / "sp.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = {p: i for i, p in enumerate(pieces)}
    for i in range(len(vocab), (vocab_size or 0) - 1):
        vocab[f"<extra_{i}>"] = i
    vocab["<pad>"] = len(vocab)  # pad last, as in the opus-mt checkpoints
    shutil.copy(work / "sp.model", out / "source.spm")
    shutil.copy(work / "sp.model", out / "target.spm")
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(work)

    tok = MarianTokenizer(
        source_spm=str(out / "source.spm"),
        target_spm=str(out / "target.spm"),
        vocab=str(out / "vocab.json"),
        source_lang="en",
        target_lang="ru",
    )
    n = len(vocab)
    config = MarianConfig(
        vocab_size=n,
        decoder_vocab_size=n,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn or 2 * d_model,
        decoder_ffn_dim=ffn or 2 * d_model,
        max_position_embeddings=max_positions,  # small: bounds generation (random weights rarely say </s>)
        pad_token_id=n - 1,
        decoder_start_token_id=n - 1,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        init_std=init_std,
        activation_function="swish",
        static_position_embeddings=True,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        max_length=64,
        num_beams=1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


if __name__ == "__main__":  # python tests/tinymodel.py DIR
    import sys

    print(build_tiny_marian(sys.argv[1] if len(sys.argv) > 1 else "tiny-marian"))
