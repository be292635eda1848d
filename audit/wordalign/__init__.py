"""Word alignment of one source segment with its translation, from evidence rather than
statistics: for every content word of the source, its counterpart(s) in the target or none;
for every content word of the target, what explains it or nothing.

Evidence, strongest first (`Link.kind`):

* ``glossary`` / ``exonym`` / ``cldr``: an entry of the glossary, of references/bilingual/
  names.yaml's exonyms, or a CLDR country, language or city name, found on both sides
  (matched on stems: России → Russia); the glossary stays the authority above the lexicon;
* ``number``: a quantity of the source equal to one of the target (audit.quantities);
* ``same``: the same word on both sides (Twitter, COVID, a Latin acronym);
* ``lexicon``: a bilingual dictionary (audit.lexicon): one, two or three source words whose
  translations contain a target phrase (Гроба Господня → holy sepulchre, Китая → China,
  ОАЭ → UAE / United Arab Emirates), or a target word whose back-translations contain a
  source lemma;
* ``lexicon`` too, a word the dictionaries lack read through its parts: a compound of two
  dictionary stems (Беломорской = бел-о-морской → White Sea; Battlestar = battle + star ←
  Звездный), a place name of a prefix and a root (Заполярье ~ полярный → Arctic), a word
  sharing a long root with a translation (Десятинная ~ десятина → Tithes);
* ``translit``: a capitalised or unknown word transliterated (Шойгу → Shoigu);
* ``regnal``: what is left of a name right before a Roman numeral linked to the same numeral
  (Пием XII → Pius XII, Людовик XIV → Louis XIV: regnal names are translated).

Cheap: lemmas and dictionary answers are dictionary lookups; target words are indexed by
lemma, so a translation phrase is looked for at the positions of its first word only; the
transliteration pass compares only name-like words left unlinked on both sides.

The result is a frozen dataclass (`Alignment`) with `to_dict()` for the JSON report. The
package: audit/wordalign/model.py holds the values (`Token`, `Link`, `Alignment`, their JSON
form and its rendering), audit/wordalign/passes.py the aligner and the passes that need no
dictionary, audit/wordalign/dictionary.py the lexicon, derived-word and compound passes.
"""

from audit.wordalign.model import Alignment, Link, Token, compact, from_dict, indexed, pair_rows
from audit.wordalign.dictionary import MAX_PHRASE, function_words
from audit.wordalign.passes import THRESHOLD, align, tokens

__all__ = ["MAX_PHRASE", "THRESHOLD", "Alignment", "Link", "Token", "align", "compact", "from_dict",
           "function_words", "indexed", "pair_rows", "tokens"]
