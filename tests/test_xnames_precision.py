"""XNAME001/002 on real-looking news pairs: translated names, exonyms, expansions and
possessives are no false alarms; dropped acronyms and common-word names the lexicon knows
are reported. A table lexicon is injected, so the tests hold without dictionaries."""

from __future__ import annotations

import pytest

from audit.name_compare import compare_names
from audit.references import load_references
from audit.lexicon.table import TableLexicon
from audit.wordalign import align


@pytest.fixture(scope="module")
def refs():
    return load_references()


LEX = [("Китай", "China"), ("ОАЭ", "UAE"), ("ОАЭ", "United Arab Emirates"), ("ЦБ", "Central Bank"),
       ("новый", "new"), ("газета", "newspaper"), ("новая газета", "Novaya Gazeta"), ("министерство", "ministry"),
       ("оборона", "defence"), ("министерство обороны", "Defence Ministry"), ("северный", "northern"), ("поток", "stream"),
       ("северный поток", "Nord Stream")]


def report(refs, src, tgt, lang="ru", table=LEX):
    lex = TableLexicon(table, lang, "en")
    return compare_names(src, lang, tgt, "en", refs, None, align(src, lang, tgt, "en", refs, lex), lex)


@pytest.mark.parametrize("src,tgt", [
    ("Бывший дипломат назвал высказывания Помпео против Китая примитивными.",
     "A former diplomat called Pompeo's statements against China primitive."),
    ("Делегация прилетела из ОАЭ в понедельник.", "The delegation flew in from the Emirates on Monday."),
    ("Как повлияет решение ЦБ о снижении ставки", "How the Central Bank’s decision to cut the rate will affect"),
    ("Об этом пишет Новая газета.", "This is reported by Novaya Gazeta."),
    ("Строительство газопровода Северный поток завершено.", "Construction of the Nord Stream pipeline is complete."),
    ("Об этом сообщили в Министерстве обороны.", "This was reported by the Defence Ministry."),
    ("Решение принял Джек Друри.", "The decision was made by Jack Drury."),
    ("Он позвонил Джеймсу.", "He called James."),
    ("Это сказал Билл Гейтс.", "Bill Gates said so."),
    ("Роль сыграла Одри Тоту.", "The role was played by Audrey Tautou."),
    ("Об этом рассказал Алексей Гончаренко.", "This was told by Oleksii Goncharenko."),
    ("Соревнования пройдут в Чунли.", "The competition will be held in Chongli."),
    # a place adjective rendered as the place: the language of the country (CLDR), a shared root
    ("Ранее он играл за финские клубы РоПС и ТПС.", "He previously played for Finland's RoPS and TPS."),
    ("Корабль построен на прибалтийском заводе «Янтарь».", "The ship was built at the Baltic shipyard Yantar."),
    # one name in another spelling convention; a translated title in quotes; a glossary name's short form
    ("Протесты начались после смерти Джорджа Флойда.", "The protests began after the death of George Floyd."),
    ("Полузащитник Гжегож Крыховяк опубликовал пост.", "Midfielder Grzegorz Krychowiak published a post."),
    ("Сериал «Чики» вышел в эфир в пятницу.", 'The series "Chicks" went on air on Friday.'),
    ("Президент Путин прибыл в Минск.", "President Putin arrived in Minsk."),
    # a regnal name before the same Roman numeral is translated (WMT21 vesti.ru.343940 seg 3,
    # Manifold and Online-B; ref-A says "Pope Pius XII"); a German one too
    ("Одним из тех, кто готовил договор, был кардинал Пачелли, который спустя 6 лет перед началом Второй "
     "мировой войны стал понтификом Пием XII.", "One of those who prepared the treaty was Cardinal Pacelli, who, "
     "six years before the outbreak of World War II, became Pontiff Pius XII."),
])
def test_silent(refs, src, tgt):
    r = report(refs, src, tgt)
    assert not r.missing and not r.partial and not r.extra, (r.missing, r.partial, r.extra)


@pytest.mark.parametrize("src,tgt", [
    ("Делегация прилетела из ОАЭ в понедельник.", "The delegation flew in on Monday."),
    ("Об этом сообщили в Министерстве обороны.", "This was reported by the spokesman."),
    ("Об этом пишет Новая газета.", "This is reported by Kommersant."),
    # a different first name of similar letters; a glossary name's first name replaced; a title replaced
    ("Вчера певица Полина Гагарина выступила в Москве.", "Yesterday singer Marina Gagarina performed in Moscow."),
    ("Президент Владимир Путин прибыл в Минск.", "President Dyukov Putin arrived in Minsk."),
    ("Сериал «Чики» вышел в эфир в пятницу.", 'The series "Kowalczyk" went on air on Friday.'),
    # another name before the same regnal numeral (the WMT21 segment above, the name swapped)
    ("Одним из тех, кто готовил договор, был кардинал Пачелли, который стал понтификом Пием XII.",
     "One of those who prepared the treaty was Cardinal Pacelli, who became Pontiff Medvedev XII."),
    # beside a rendered word of the name, another name (WMT21 tsuite-tedtalks-enru-rev-enru-talk-2
    # seg 93, whose "Long Beach" the transcription table reads: test_other_romanisations)
    ("К счастью, мы сейчас на безопасном расстоянии, в Лонг-Бич в Калифорнии.",
     "Fortunately, we are now at a safe distance, in Long Island, California."),
])
def test_reported(refs, src, tgt):
    r = report(refs, src, tgt)
    assert r.missing or r.partial, (src, tgt)


def test_without_lexicon_old_behaviour(refs):
    r = compare_names("Об этом пишет Новая газета.", "ru", "This is reported by Kommersant.", "en", refs)
    assert not r.missing  # a name of common words is not required without a lexicon


@pytest.mark.parametrize("src,tgt,lang", [
    ("Он играл за финские клубы.", "He played for clubs from Norway.", "ru"),
    ("Il a joué pour des clubs finlandais.", "He played for clubs from Norway.", "fr"),
])
def test_derived_adjective_explains_only_its_country(refs, src, tgt, lang):
    r = report(refs, src, tgt, lang, table=[])
    assert [w.text for w in r.extra] == ["Norway"]


def test_derived_adjective_other_pair(refs):
    r = report(refs, "Il a joué pour des clubs finlandais.", "He played for clubs from Finland.", "fr", table=[])
    assert not r.extra


def _abbrev_lexicon(refs):
    """references/bilingual/abbreviations.yaml as a table lexicon (no dictionaries needed)."""
    from audit.lexicon import abbreviations

    return TableLexicon([(s, t) for ss, ts in abbreviations(refs, "ru", "en") for s in ss for t in ts], "ru", "en")


@pytest.mark.parametrize("src,tgt,silent", [
    ("Законопроект внесли депутаты от ЕР.", "The bill was introduced by United Russia deputies.", True),
    ("Законопроект внесли депутаты от ЕР.", "The bill was introduced by LDPR deputies.", False),
    ("В РПЦ заявили, что храм откроется осенью.", "The Russian Orthodox Church said the church would open in autumn.", True),
    ("В РПЦ заявили, что храм откроется осенью.", "The Ministry said the church would open in autumn.", False),
    ("Жалобу направили в Роскомнадзор.", "The complaint was sent to the Federal Service for Supervision of Communications, "
     "Information Technology and Mass Media.", True),
    ("Сигнал поступил в МЧС РА.", "The alert reached the Ministry of Emergency Situations of the Republic of Armenia.", True),
])
def test_news_abbreviations(refs, src, tgt, silent):
    lex = _abbrev_lexicon(refs)
    r = compare_names(src, "ru", tgt, "en", refs, None, align(src, "ru", tgt, "en", refs, lex), lex)
    found = bool(r.missing or r.partial or r.extra)
    assert found != silent, (r.missing, r.partial, r.extra)


@pytest.mark.parametrize("src,tgt,silent", [
    # a stump compound the lexicon cannot know (гос- is a stump of Госдума, Госдеп in
    # abbreviations.yaml; суд a word it translates): translated, not required
    ("Теперь свое слово должен будет сказать Госсуд.", "Now the Federal Court will have to voice its opinion.", True),
    ("Решение отменил Минтранс.", "The decision was overturned by the Transport Ministry.", True),
    # a name that only starts like a stump is still required
    ("Теперь свое слово должен будет сказать Госман.", "Now the judge will have to voice his opinion.", False),
    ("Решение отменил Минаев.", "The decision was overturned by the ministry.", False),
])
def test_stump_compounds(refs, src, tgt, silent):
    table = LEX + [("суд", "court"), ("транс", "trance"), ("транспорт", "transport")]
    r = report(refs, src, tgt, table=table)
    assert bool(r.missing or r.partial) != silent, (r.missing, r.partial)


@pytest.mark.parametrize("src,tgt,silent", [
    # an inflected name compared in its dictionary form too: Юты (stem Ют-) → Юта ~ Utah
    ("Помимо «Юты», за которую он провел десять сезонов, форвард выступал за «Бруклин».",
     "Besides Utah, where he spent ten seasons, the forward played for Brooklyn.", True),
    ("Помимо «Юты», за которую он провел десять сезонов, форвард выступал за «Бруклин».",
     "Besides Denver, where he spent ten seasons, the forward played for Brooklyn.", False),
])
def test_inflected_name_dictionary_form(refs, src, tgt, silent):
    r = report(refs, src, tgt)
    assert bool(r.missing or r.partial) != silent, (r.missing, r.partial)


@pytest.mark.parametrize("src,tgt,silent", [
    # an everyday form of a given name rendered as the full name or transliterated
    ("Оля встретилась с Сашей, у них началась бурная любовь.", "Olya dated Alexander, a passionate romance began.", True),
    ("Когда Саша пришел в себя, он не мог в это поверить.", "When Sasha came to, he could not believe it.", True),
    ("Когда Саша пришел в себя, он не мог в это поверить.", "When Alexander came to, he could not believe it.", True),
    # another name is still a different name
    ("Оля встретилась с Сашей, у них началась бурная любовь.", "Olya dated Michael, a passionate romance began.", False),
])
def test_everyday_given_names(refs, src, tgt, silent):
    r = report(refs, src, tgt)
    assert bool(r.missing or r.partial or r.extra) != silent, (r.missing, r.partial, r.extra)


@pytest.mark.parametrize("src,tgt,silent", [
    # a glossary place name inside a quoted title may stay transliterated
    ("Он заявил об этом в беседе с радиостанцией «Говорит Москва».", "He said so to the Govorit Moskva radio station.", True),
    ('Доктор рассказал об этом в эфире телеканала "Россия 1".', "The doctor said so on the Rossiya 1 TV channel.", True),
    # the segment starts inside a quotation opened before it
    ('Мы хорошо общались с Коби", - приводит слова Кириленко "Вечерняя Москва".',
     "Kobe and I communicated well, Vechernyaya Moskva quotes Kirilenko as saying.", True),
    # outside quotes the glossary's form is required; inside quotes a different name still fires
    ("Он рассказал об этом в Москве.", "He said so in Moskva.", False),
    ("Он заявил об этом в беседе с радиостанцией «Говорит Москва».", "He said so to the Echo of Kyiv radio station.", False),
])
def test_quoted_titles_keep_transliteration(refs, src, tgt, silent):
    r = report(refs, src, tgt)
    assert bool(r.glossary or r.missing) != silent, (r.glossary, r.missing)


def _audit_files(tmp_path, src: str, tgt: str) -> list[tuple[str, str]]:
    import json

    from typer.testing import CliRunner

    from audit.cli import app

    (tmp_path / "s.ru.txt").write_text(src, encoding="utf-8")
    (tmp_path / "t.en.txt").write_text(tgt, encoding="utf-8")
    res = CliRunner().invoke(app, ["audit", str(tmp_path / "t.en.txt"), "--source", str(tmp_path / "s.ru.txt"),
                                   "--select", "XNAME001", "-f", "json"])
    assert res.exit_code in (0, 1), res.output
    return [(f["rule"], f["message"]) for f in json.loads(res.stdout)["findings"]]


SRC3 = ("Андрей Смирнягин провёл брифинг в Кремле.\n"
        "По словам Смирнягина, переговоры продолжатся на следующей неделе.\n"
        "Журналисты задали несколько вопросов о санкциях.\n")


def test_a_name_rendered_in_the_next_sentence_may_be_a_pronoun_here(tmp_path):
    tgt = ("Andrei Smirnyagin held a briefing in the Kremlin.\n"
           "According to him, the talks will continue next week.\n"
           "Journalists asked several questions about sanctions.\n")
    assert not [m for r, m in _audit_files(tmp_path, SRC3, tgt) if "Смирнягин" in m]


def test_a_name_rendered_nowhere_near_is_still_missing(tmp_path):
    tgt = ("A briefing was held in the Kremlin.\n"
           "According to him, the talks will continue next week.\n"
           "Journalists asked several questions about sanctions.\n")
    found = _audit_files(tmp_path, SRC3, tgt)
    assert any("Смирнягина" in m and "not in the translation" in m for r, m in found), found


def test_a_glossary_name_rendered_next_door_may_be_a_pronoun_here(tmp_path):
    src = ("Дмитрий Песков провёл брифинг в Кремле.\n"
           "По словам Пескова, переговоры продолжатся на следующей неделе.\n")
    near = ("Dmitry Peskov held a briefing in the Kremlin.\n"
            "According to him, the talks will continue next week.\n")
    nowhere = ("A briefing was held in the Kremlin.\n"
               "According to him, the talks will continue next week.\n")
    import json

    from typer.testing import CliRunner

    from audit.cli import app

    def run(tgt):
        (tmp_path / "s.ru.txt").write_text(src, encoding="utf-8")
        (tmp_path / "t.en.txt").write_text(tgt, encoding="utf-8")
        res = CliRunner().invoke(app, ["audit", str(tmp_path / "t.en.txt"), "--source", str(tmp_path / "s.ru.txt"),
                                       "--select", "XNAME003", "-f", "json"])
        return [f for f in json.loads(res.stdout)["findings"] if f["rule"] == "XNAME003"]

    assert run(near) == []
    assert len(run(nowhere)) == 2  # named in neither sentence: both reported


# --- spelling conventions, cut-short names, replaced first names (session 4) -------------------

from audit.translit import same_skeleton, skeleton  # noqa: E402


@pytest.mark.parametrize("a,b", [("Dzhordzh", "George"), ("Gzhegozh", "Grzegorz"), ("Lutts", "Lutz"), ("Uiving", "Weaving")])
def test_skeleton_one_name_two_conventions(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize("a,a_lang,b,same", [
    ("Джорджа", "ru", "George", True), ("Гжегож", "ru", "Grzegorz", True), ("Хашкаджи", "ru", "Khashoggi", True),
    ("Лутц", "ru", "Luz", True),
    ("Полина", "ru", "Marina", False), ("Мария", "ru", "Darya", False), ("Сергей", "ru", "Dmitry", False),
    ("Wladimir", "de", "Vladimir", True), ("Tschaikowski", "de", "Tchaikovsky", True), ("Schmidt", "de", "Schubert", False),
])
def test_same_skeleton(a, a_lang, b, same):
    assert same_skeleton(a, a_lang, b, "en") is same


def _audit_pair(tmp_path, src, tgt, src_lang):
    import json

    from typer.testing import CliRunner

    from audit.cli import app

    (tmp_path / "s.txt").write_text(src, encoding="utf-8")
    (tmp_path / "t.txt").write_text(tgt, encoding="utf-8")
    res = CliRunner().invoke(app, ["audit", str(tmp_path / "t.txt"), "--source", str(tmp_path / "s.txt"), "--lang", "en",
                                   "--source-lang", src_lang, "--format", "json", "--select", "XNAME001"])
    assert res.exit_code in (0, 1), res.output
    return [f["message"] for f in json.loads(res.stdout)["findings"]]


@pytest.mark.parametrize("src,tgt,src_lang,fires", [
    # named in the next sentence: a pronoun or a description here is no omission
    ("Певица Полина Гагарина выступила в Москве. Потом Гагарина спела песню.",
     "She performed in Moscow. Then Gagarina sang a song.", "ru", False),
    # but a name cut short is no pronoun
    ("Певица Полина Гагарина выступила в Москве. Потом Гагарина спела песню.",
     "Singer Polina performed in Moscow. Then Gagarina sang a song.", "ru", True),
    ("Gestern sprach Friedrich Merz in Paris. Danach reiste Merz nach Berlin.",
     "Yesterday Friedrich spoke in Paris. Then Merz travelled to Berlin.", "de", True),
    ("Gestern sprach Friedrich Merz in Paris. Danach reiste Merz nach Berlin.",
     "Yesterday he spoke in Paris. Then Merz travelled to Berlin.", "de", False),
])
def test_cut_short_name_not_excused_by_neighbour(tmp_path, src, tgt, src_lang, fires):
    msgs = _audit_pair(tmp_path, src, tgt, src_lang)
    assert bool(msgs) is fires, msgs


@pytest.mark.parametrize("src,tgt,lang", [
    ("Штраф составит до тысячи МРП.", "The fine is up to 1,000 MCIs.", "ru"),
    ("Ο στρατός χρησιμοποίησε ΠΑΑ.", "The army used SAMs.", "el"),
])
def test_plural_acronym_of_another_script_is_no_unexplained_name(refs, src, tgt, lang):
    assert not report(refs, src, tgt, lang).extra


def test_one_source_word_written_as_two(refs):
    r = report(refs, "Авария произошла в провинции Куангбинь во Вьетнаме.", "The accident happened in Quang Binh Province in Vietnam.")
    assert not r.extra, r.extra


def test_a_word_that_says_it_alone_is_not_joined_to_the_next():
    """"Pontiff" renders понтификом by itself, so "Pontiff Pius" is not one source word written
    as two (Pius stays free to pair with the missing Пием); "Quang Binh" is Куангбинь."""
    from audit.name_compare import _joined_match, words

    src = [w.text for w in words("Он стал понтификом Пием XII в провинции Куангбинь.")]
    tgt_text = "He became Pontiff Pius XII in Quang Binh Province."
    tgt = words(tgt_text)
    at = {w.text: i for i, w in enumerate(tgt)}
    assert not _joined_match(at["Pius"], tgt, tgt_text, src, "ru", "en", {})
    assert _joined_match(at["Binh"], tgt, tgt_text, src, "ru", "en", {})


# WMT21 izvestiya.520939 seg 1 (Facebook-AI): the source's two sentences are aligned with the
# translation's second sentence only; "Moscow region" stands in the first, left unpaired.
_MOSCOW_SRC = ("В Московской области ожидается гроза и ветер порывами до 15 м/с. Об этом сообщило областное "
               "управление МЧС в воскресенье, 26 июля.")
_MOSCOW_TGT = ("Thunderstorms and wind gusts of up to 15 m/s are expected in the {} region. This was reported by the "
               "regional department of the Ministry of Emergency Situations on Sunday, July 26.")


def _xname001(tmp_path, refs, src: str, tgt: str) -> list[str]:
    from audit.checks import RULES
    from audit.config import Settings
    from audit.entry import audit

    (tmp_path / "s.txt").write_text(src, encoding="utf-8")
    (tmp_path / "t.txt").write_text(tgt, encoding="utf-8")
    rules = tuple(r for r in RULES if r.code == "XNAME001")
    r = audit(tmp_path / "t.txt", refs, Settings(), source=tmp_path / "s.txt", lang="en", source_lang="ru", rules=rules)
    return [f.message for f in r.findings]


def test_a_name_rendered_in_the_translation_next_door_is_not_missing(tmp_path, refs):
    assert not _xname001(tmp_path, refs, _MOSCOW_SRC, _MOSCOW_TGT.format("Moscow"))


def test_a_name_next_door_must_be_that_name(tmp_path, refs):
    assert any("Московской" in m for m in _xname001(tmp_path, refs, _MOSCOW_SRC, _MOSCOW_TGT.format("Tver")))


# Practical transcriptions the tables read (references/bilingual/transcription.yaml): Korean
# names in the Russian press (Kontsevich and older forms) against the English romanisations,
# English /oʊ/ and /iː/ spellings (Ноу → No, Бич → Beach); another name in the place is still one
@pytest.mark.parametrize("src,tgt,silent", [
    ("Глава государства Ким Чен Ын выступил с речью.", "The head of state, Kim Jong-un, gave a speech.", True),
    ("Бывший президент Пак Кын Хе вышла на свободу.", "Former president Park Geun-hye was released.", True),
    ("Полагаем, что Доктор Ноу попытается взломать сервер.", "We assume that Dr. No will try to hack the server.", True),
    ("Мы сейчас в Лонг-Бич.", "We are now in Long Beach.", True),
    ("Главную роль сыграл Джеймс Дин.", "The lead was played by James Dean.", True),
    ("Глава государства Ким Чен Ын выступил с речью.", "The head of state, Kim Il-sung, gave a speech.", False),
    ("Полагаем, что Доктор Ноу попытается взломать сервер.", "We assume that Dr. Evil will try to hack the server.", False),
    ("Мы сейчас в Лонг-Бич.", "We are now in Long Island.", False),
])
def test_other_romanisations(refs, src, tgt, silent):
    r = report(refs, src, tgt)
    assert (not r.missing and not r.partial) == silent, (r.missing, r.partial, r.extra)


# A name written in the target's script whose last word is a common word of the target language
# may have that word said another way; a name kept in lower case where the language does not
# know the word (a Latin species name) is there
@pytest.mark.parametrize("src,tgt,lang,silent", [
    ("Трейлер вышел на канале киностудии Orion Pictures.", "The trailer came out on the Orion film studio's channel.", "ru", True),
    ("La bande-annonce est sortie sur la chaîne du studio Orion Pictures.", "The trailer came out on the Orion film studio's channel.", "fr", True),
    ("Трейлер вышел на канале киностудии Orion Pictures.", "The trailer came out on the Warner film studio's channel.", "ru", False),
    ("Трейлер вышел на канале киностудии Orion Pictures.", "The trailer came out on the studio's channel.", "ru", False),
    ("Это филодендрон Селло.", "This is the philodendron selloum.", "ru", True),
    ("Это филодендрон Селло.", "This is the philodendron bipinnatifidum.", "ru", False),
    ("Это филодендрон Селло.", "This is the philodendron monstera.", "ru", False),
])
def test_descriptor_and_lower_case_names(refs, src, tgt, lang, silent):
    r = report(refs, src, tgt, lang, table=[])
    assert (not r.missing and not r.partial) == silent, (r.missing, r.partial, r.extra)


def test_a_name_rendered_next_door_is_no_pronoun_where_nothing_refers_back(tmp_path):
    # the sentence has no pronoun or pro-form that could stand for the place: the drop is real
    src = ("В Сочи рухнул кран.\n"
           "Авария на стройке в Сочи произошла в субботу.\n")
    dropped = ("A crane collapsed in Sochi.\n"
               "The accident on a construction site in occurred on Saturday.\n")
    there = ("A crane collapsed in Sochi.\n"
             "The accident on a construction site there occurred on Saturday.\n")
    assert any("Сочи" in m for r, m in _audit_files(tmp_path, src, dropped))
    assert not any("Сочи" in m for r, m in _audit_files(tmp_path, src, there))


def test_a_first_name_replaced_is_not_the_place_of_a_missing_glossary_name(tmp_path):
    # 'Viktor' is the first name replaced (XNAME001), not where 'Soviet Union' should stand
    # (XNAME003): both are reported, the first name at its word
    import json

    from typer.testing import CliRunner

    from audit.cli import app

    (tmp_path / "s.ru.txt").write_text("Выставка посвящена жизни адмирала флота Советского Союза Николая Кузнецова.\n", encoding="utf-8")
    (tmp_path / "t.en.txt").write_text("The exhibition is devoted to the life of Soviet navy admiral Viktor Kuznetsov.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["audit", str(tmp_path / "t.en.txt"), "--source", str(tmp_path / "s.ru.txt"),
                                   "--select", "XNAME", "-f", "json"])
    found = [(f["rule"], f["message"]) for f in json.loads(res.stdout)["findings"]]
    assert any(r == "XNAME001" and "Viktor" in m and "Николая" in m for r, m in found), found


@pytest.mark.parametrize("src,tgt,silent", [
    # a biblical or saint's name in its Church Slavonic form, said by its English form or transliterated
    ("Антарктиду открыли Фаддей Беллинсгаузен и Михаил Лазарев.", "Antarctica was discovered by Thaddeus Bellingshausen and Mikhail Lazarev.", True),
    ("Антарктиду открыли Фаддей Беллинсгаузен и Михаил Лазарев.", "Antarctica was discovered by Faddei Bellingshausen and Mikhail Lazarev.", True),
    ("Об этом написал апостол Иоанн.", "The apostle John wrote about it.", True),
    ("Антарктиду открыли Фаддей Беллинсгаузен и Михаил Лазарев.", "Antarctica was discovered by Theodore Bellingshausen and Mikhail Lazarev.", False),
    ("Об этом написал апостол Иоанн.", "The apostle Peter wrote about it.", False),
])
def test_church_slavonic_given_names(refs, src, tgt, silent):
    r = report(refs, src, tgt)
    assert (not r.missing and not r.partial and not r.extra) == silent, (r.missing, r.partial, r.extra)
