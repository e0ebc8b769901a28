"""marsad.kb: bundled countries, places and actors; matching; disambiguation; user extensions."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from marsad.arabic import split_sentences, tokenize
from marsad.document import Document, Entity, Token
from marsad.errors import KnowledgeBaseError
from marsad.extract.entities import kb_mentions_step, link_step, pattern_mentions_step
from marsad.kb import (
    KBEntry,
    KBMatch,
    KnowledgeBase,
    KnowledgeBaseWarning,
    alias_key,
    choose_place,
    countries_of,
    filters,
    load_kb,
    make_kb_id,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "marsad" / "kb" / "data"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def ids(entries: list[KBEntry] | tuple[KBEntry, ...]) -> list[str]:
    return [e.kb_id for e in entries]


# --- loading ---------------------------------------------------------------------------------


def test_load_kb_loads_everything_once(kb: KnowledgeBase) -> None:
    assert load_kb() is kb  # cached per process
    kinds = {e.kind for e in kb.entries.values()}
    assert {"country", "city", "region"} <= kinds
    assert sum(1 for e in kb.entries.values() if e.kind == "country") >= 249
    assert sum(1 for e in kb.entries.values() if e.kind == "city") > 2000
    assert any(e.source.startswith("actors_") for e in kb.entries.values())  # the actor tables load too
    assert len(kb.index) > 5000


def test_bundled_tables_stay_small() -> None:
    for name in ("countries.tsv", "places.tsv"):
        assert (DATA / name).stat().st_size < 5_000_000
    assert (DATA / "SOURCES.md").read_text(encoding="utf-8").count("build_kb: begin") == 1


def test_no_list_derived_from_gpl_packages_is_shipped() -> None:
    # the common words come from arramooz-pysqlite and libqutrub (GPL): derived at run time
    assert not (DATA / "common_words.tsv").exists()
    assert not list(DATA.glob("common_words*"))


def test_common_words_come_from_the_installed_lexicon() -> None:
    keys = filters.common_keys()
    assert len(keys.whole) > 30_000
    for word in ("جديدة", "كشفت", "سلطات", "يشير"):  # a noun, a verb form, a plural, a present form
        assert alias_key(word) in keys.any, word
    for name in ("لبنان", "سوريا", "القدس"):  # more often names than common words in arramooz's corpus
        assert alias_key(name) not in keys.any, name


def test_common_words_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.kb import common_words

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(common_words, "frequent_common_words", lambda threshold=0: ["كتاب", "الجديدة", "قال"])
    monkeypatch.setattr(filters, "_common", [])
    path = filters.common_words_cache_file()
    assert path.parent == tmp_path / "marsad" and not path.exists()
    computed = filters.common_keys()
    assert computed == filters.WordKeys.of(["كتاب", "الجديدة", "قال"]) and path.is_file()
    assert filters.WordKeys.read(path) == computed
    assert "GPL" in path.read_text(encoding="utf-8").splitlines()[0]
    monkeypatch.setattr(common_words, "frequent_common_words", lambda threshold=0: [])  # now read from the file
    monkeypatch.setattr(filters, "_common", [])
    assert filters.common_keys() == computed
    assert filters.common_words_cache_file() == path  # the name depends on versions and code, not on time


# --- countries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qid"),
    [
        ("سوريا", "Q858"),
        ("بسوريا", "Q858"),  # ب + country
        ("لسورية", "Q858"),  # ل + the سورية spelling
        ("الجمهورية العربية السورية", "Q858"),
        ("والعراق", "Q796"),  # و + article
        ("العراق", "Q796"),
        ("السعودية", "Q851"),
        ("المملكة العربية السعودية", "Q851"),
        ("وللسعودية", "Q851"),
        ("الإمارات", "Q878"),
        ("دولة الإمارات العربية المتحدة", "Q878"),
        ("مصر", "Q79"),
        ("جمهورية مصر العربية", "Q79"),
        ("أمريكا", "Q30"),
        ("الولايات المتحدة الأميركية", "Q30"),
        ("فلسطين", "Q219060"),
    ],
)
def test_country_lookup_through_clitics_and_variants(kb: KnowledgeBase, text: str, qid: str) -> None:
    found = kb.lookup(text)
    assert found, text
    country = found[0]
    assert country.kb_id == qid
    assert (country.type, country.kind, country.geo_precision) == ("GPE", "country", "country")
    assert country.country is not None and len(country.country) == 2


def test_country_by_iso_code(kb: KnowledgeBase) -> None:
    syria = kb.country("SY")
    assert syria is not None and syria.kb_id == "Q858" and syria.name == "سوريا"
    assert kb.country("SYR") is syria
    assert kb.country("syr") is syria
    assert kb.country(" sa ") is not None and kb.country(" sa ").kb_id == "Q851"  # type: ignore[union-attr]
    assert kb.country("ZZ") is None
    kosovo = kb.country("XK")
    assert kosovo is not None and kosovo.kb_id == make_kb_id(kosovo.name, "GPE")  # no QID: a marsad id


def test_country_has_capital_coordinates(kb: KnowledgeBase) -> None:
    egypt = kb.country("EG")
    assert egypt is not None and egypt.lat is not None and egypt.lon is not None
    assert egypt.lat == pytest.approx(30.06, abs=0.1) and egypt.lon == pytest.approx(31.25, abs=0.1)  # Cairo
    assert egypt.population > 50_000_000 and egypt.geonames_id == 357994


# --- places ----------------------------------------------------------------------------------


def test_city_with_coordinates(kb: KnowledgeBase) -> None:
    (damascus,) = kb.lookup("دمشق")
    assert damascus.kb_id == "geonames:170654" and damascus.geonames_id == 170654
    assert (damascus.type, damascus.kind, damascus.geo_precision) == ("GPE", "city", "city")
    assert damascus.country == "SY" and damascus.capital
    assert damascus.lat == pytest.approx(33.51, abs=0.01) and damascus.lon == pytest.approx(36.29, abs=0.01)
    assert kb.lookup("بدمشق") == [damascus]
    (mosul,) = kb.lookup("بالموصل")
    assert mosul.name_en == "Mosul" and mosul.population > 1_000_000 and not mosul.capital


def test_region(kb: KnowledgeBase) -> None:
    (gaza_strip,) = kb.lookup("قطاع غزة")
    assert gaza_strip.kind == "region" and gaza_strip.geo_precision == "admin1" and gaza_strip.country == "PS"
    assert gaza_strip.kb_id == "Q39760"


# --- first-level administrative divisions (admin1.tsv) ---------------------------------------


def _entities(text: str, kb: KnowledgeBase) -> list[Entity]:
    """The entity steps (KB mentions, patterns, linking) on ``text`` with the bundled knowledge base."""
    doc = Document(text)
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text)
    kb_mentions_step(doc, kb)
    pattern_mentions_step(doc)
    link_step(doc, kb)
    return doc.entities


def _place(entities: list[Entity], surface: str) -> Entity:
    for entity in entities:
        if any(surface in m.text for m in entity.mentions):
            return entity
    raise AssertionError(f"no entity mentions {surface!r}: {[e.name for e in entities]}")


@pytest.mark.parametrize(
    ("text", "surface", "country", "name_en"),
    [
        ("قُتل ثلاثة جنود في هجوم مسلح في محافظة الأنبار غربي العراق.", "الأنبار", "IQ", "Al Anbar Governorate"),
        ("وأعلنت الشرطة اعتقال خمسة مطلوبين بمحافظة نينوى شمال البلاد.", "نينوى", "IQ", "Nineveh Governorate"),
        ("شهدت ديالى اشتباكات متقطعة خلال الليل.", "ديالى", "IQ", "Diyala Governorate"),
        ("ونفذ الجيش عملية أمنية في محافظة صلاح الدين.", "صلاح الدين", "IQ", "Saladin Governorate"),
        ("سقطت قذائف على قرى في محافظة إدلب شمال غربي سوريا.", "إدلب", "SY", "Idlib Governorate"),
        ("ضبطت الأجهزة الأمنية مخزن أسلحة في القليوبية.", "القليوبية", "EG", "Qalyubia Governorate"),
        ("دارت معارك عنيفة في وادي حضرموت وفي محافظة شبوة.", "شبوة", "YE", "Shabwah Governorate"),
        ("وقع الهجوم على مسجد في منطقة عسير جنوب المملكة.", "عسير", "SA", "Asir Province"),
        ("تواصلت الاشتباكات في ولاية شمال دارفور.", "شمال دارفور", "SD", "North Darfur State"),
        ("أعلنت السلطات حظر التجول في ولاية القصرين.", "القصرين", "TN", "Kasserine Governorate"),
    ],
)
def test_admin1_division_in_running_text(kb: KnowledgeBase, text: str, surface: str, country: str,
                                         name_en: str) -> None:
    entity = _place(_entities(text, kb), surface)
    assert entity.type == "GPE" and entity.name_en == name_en
    assert entity.geo is not None and entity.geo["precision"] == "admin1" and entity.geo["country"] == country


@pytest.mark.parametrize(
    ("text", "surface", "name_en"),
    [
        ("وصل الوفد إلى القاهرة أمس للقاء المسؤولين.", "القاهرة", "Cairo"),
        ("انفجرت سيارة مفخخة في بغداد صباح اليوم.", "بغداد", "Baghdad"),
        ("سيطرت فصائل المعارضة على أحياء في مدينة إدلب.", "إدلب", "Idlib"),
        ("وصلت تعزيزات عسكرية إلى الخرطوم.", "الخرطوم", "Khartoum"),
    ],
)
def test_a_governorate_named_like_its_capital_leaves_the_city_alone(kb: KnowledgeBase, text: str, surface: str,
                                                                   name_en: str) -> None:
    entity = _place(_entities(text, kb), surface)
    assert entity.name_en == name_en and entity.geo is not None and entity.geo["precision"] == "city"


def test_admin1_rows(kb: KnowledgeBase) -> None:
    divisions = [e for e in kb.entries.values() if e.kind == "region" and e.name_en and
                 e.name_en.endswith(("Governorate", "Province", "State", "District"))]
    assert len(divisions) > 200
    assert {e.country for e in divisions} >= {"IQ", "SY", "YE", "EG", "SA", "JO", "LB", "LY", "OM", "SD", "TN", "DZ"}
    # bare common words and person names are never a division's name
    for word in ("الشرقية", "البحيرة", "الداخلية", "الوسطى", "الشمالية", "الجنوب", "صلاح الدين", "العاصمة"):
        assert all(e.kind != "region" for e in kb.lookup(word)), word
    # a name three countries share: one entry each, told apart by the article's country
    capitals = kb.lookup("بمحافظة العاصمة")
    assert sorted(e.country or "" for e in capitals) == ["BH", "JO", "KW"]
    assert choose_place(capitals, {"KW"}).country == "KW"
    assert kb.lookup("ديالا") == kb.lookup("ديالى")  # spelling variant
    assert kb.lookup("ولاية وهران")[0].kind == "region"  # the name was taken off the city of Oran
    assert kb.lookup("وهران")[0].kind == "city"


@pytest.mark.parametrize(
    "word",
    ["إن", "أن", "كان", "جديدة", "الدولة", "الأمن", "مدينة", "عين", "باب", "بيت", "دار", "سوق", "جبل",
     "والدولة", "بالأمن", "وإن", "فكان", "الجديدة"],
)
def test_stoplist_words_never_match(kb: KnowledgeBase, word: str) -> None:
    assert kb.lookup(word) == []
    assert kb.key(word) not in kb.index


def test_stoplist_words_never_match_in_running_text(kb: KnowledgeBase) -> None:
    text = "قال إن الدولة الجديدة أن الأمن كان في مدينة جديدة عند باب السوق"
    assert kb.match_tokens(tokenize(text)) == []


def test_no_index_key_is_short_or_a_stop_word(kb: KnowledgeBase) -> None:
    stop = filters.stop_keys()
    for key in kb.index:
        assert sum(c.isalpha() for c in key) >= 3, key
        assert key not in stop.any, key


def test_place_names_are_arabic(kb: KnowledgeBase) -> None:
    for entry in kb.entries.values():
        if entry.kind in ("city", "region"):
            for name in entry.names:
                assert not any("a" <= c.lower() <= "z" for c in name), (entry.kb_id, name)


# --- disambiguation --------------------------------------------------------------------------


def test_tripoli_is_chosen_by_the_article_countries(kb: KnowledgeBase) -> None:
    tripolis = kb.lookup("طرابلس")
    assert {e.country for e in tripolis} >= {"LB", "LY"}
    assert choose_place(tripolis, {"LB"}).country == "LB"
    assert choose_place(tripolis, ["LY", "EG"]).country == "LY"
    assert choose_place(tripolis, {"lb"}).country == "LB"  # any case
    no_context = choose_place(tripolis, ())
    assert no_context.country == "LY" and no_context.capital  # the capital, the bigger city


def test_context_from_the_article_entries(kb: KnowledgeBase) -> None:
    mentioned = kb.lookup("لبنان") + kb.lookup("بيروت") + kb.lookup("حزب الله")
    context = countries_of(mentioned)
    assert "LB" in context
    assert choose_place(kb.lookup("طرابلس"), context).country == "LB"


def test_a_namesake_village_does_not_win_by_context(kb: KnowledgeBase) -> None:
    riyadhs = kb.lookup("الرياض")
    assert {e.country for e in riyadhs} >= {"SA", "EG"}  # Riyadh and a village in Egypt
    assert choose_place(riyadhs, {"EG"}).country == "SA"


def test_country_or_city_of_the_same_name(kb: KnowledgeBase) -> None:
    assert choose_place(kb.lookup("الجزائر"), {"DZ"}).kind == "country"
    amman_or_oman = kb.lookup("عمان")
    assert choose_place(amman_or_oman, {"JO"}).name_en == "Amman"
    assert choose_place(amman_or_oman, {"OM"}).kind == "country"


def test_choose_place_needs_a_candidate() -> None:
    with pytest.raises(ValueError, match="at least one"):
        choose_place([], {"SY"})


# --- matching over tokens --------------------------------------------------------------------


def test_match_tokens_finds_longest_matches(kb: KnowledgeBase) -> None:
    text = (
        "وصل وفد من المملكة العربية السعودية إلى بيروت، والتقى ممثلين عن الولايات المتحدة "
        "في طرابلس قبل أن يتوجه إلى قطاع غزة وبالموصل."
    )
    tokens = tokenize(text)
    matches = kb.match_tokens(tokens)
    assert all(isinstance(m, KBMatch) for m in matches)
    found = {text[tokens[m.first].start : tokens[m.last - 1].end]: m for m in matches}
    assert list(found) == ["المملكة العربية السعودية", "بيروت", "الولايات المتحدة", "طرابلس", "قطاع غزة", "وبالموصل"]
    assert ids(found["المملكة العربية السعودية"].entries) == ["Q851"]  # not السعودية alone
    assert found["قطاع غزة"].entries[0].kb_id == "Q39760"  # not غزة the city
    assert len(found["طرابلس"].entries) >= 2  # both Tripolis, biggest first
    assert found["طرابلس"].entries[0].population >= found["طرابلس"].entries[1].population


def test_whole_names_are_not_cut_into_proclitics(kb: KnowledgeBase) -> None:
    # the tokenizer alone cuts كينشاسا into ك + ينشاسا; the knowledge base knows the word whole
    tokens = tokenize("زار الوزير كينشاسا وبيساو")
    assert tokens[2].norm != kb.key("كينشاسا")
    matched = [m.entries[0].name_en for m in kb.match_tokens(tokens)]
    assert matched == ["Kinshasa", "Bissau"]
    # tokens made with the knowledge base's words agree with its keys directly
    assert tokenize("كينشاسا", known=kb.known)[0].norm == kb.key("كينشاسا")


def test_names_and_words_agree_on_the_article(kb: KnowledgeBase) -> None:
    (mali,) = kb.lookup("مالي")
    assert mali.kind == "country" and kb.lookup("ومالي") == [mali]
    assert kb.lookup("المالي") == [] and kb.lookup("للمالي") == []  # "financial", not Mali
    assert kb.lookup("السورية") == []  # the adjective, not سورية
    assert kb.lookup("الرياض")[0].name_en == "Riyadh"
    assert kb.lookup("رياض") == []  # the first name Riad, not Riyadh
    text = "وأكد رياض الخبير المالي أن الوضع في الرياض مستقر"
    tokens = tokenize(text)
    assert [text[tokens[m.first].start : tokens[m.last - 1].end] for m in kb.match_tokens(tokens)] == ["الرياض"]


def test_alias_key() -> None:
    assert alias_key("الدولة الإسلامية") == "دوله اسلاميه"
    assert alias_key("بالعراق") == alias_key("العراق") == "عراق"
    assert alias_key("غينيا-بيساو") == "غينيا - يساو"  # punctuation is its own word, as in tokens
    assert alias_key("غينيا-بيساو", known=frozenset({"بيساو"})) == "غينيا - بيساو"


def test_knowledge_base_built_by_hand() -> None:
    one = KBEntry("marsad:ORG:test", "ORG", "هيئة الاختبار", aliases=("الهيئة التجريبية",))
    kb = KnowledgeBase.from_entries([one])
    assert kb.lookup("وهيئة الاختبار") == [one]
    replaced = KBEntry("marsad:ORG:test", "ORG", "هيئة التجارب")
    kb.add(replaced)  # same id: overrides, and the old names stop matching
    assert kb.lookup("هيئة الاختبار") == [] and kb.lookup("هيئة التجارب") == [replaced]
    assert len(kb) == 1 and "marsad:ORG:test" in kb


def test_matching_follows_added_entries_and_keys_with_spaces() -> None:
    # what a knowledge base remembers between calls (token keys, lookups, key widths) follows add()
    kb = KnowledgeBase.from_entries([KBEntry("marsad:ORG:a", "ORG", "هيئة الاختبار")])
    tokens = tokenize("قالت هيئة الاختبار ومجلس التجارب")
    assert [(m.first, m.last) for m in kb.match_tokens(tokens)] == [(1, 3)]
    assert kb.lookup("مجلس التجارب") == []
    kb.add(KBEntry("marsad:ORG:b", "ORG", "مجلس التجارب"))
    assert [(m.first, m.last) for m in kb.match_tokens(tokens)] == [(1, 3), (3, 5)]
    assert ids(kb.lookup("مجلس التجارب")) == ["marsad:ORG:b"]
    # a token whose key holds a space (a ligature such as ﷺ expands to words) joins more words
    # than tokens: the three-word name matches two tokens
    kb = KnowledgeBase.from_entries([KBEntry("marsad:ORG:c", "ORG", "هيئة صلى الله")])
    first, *rest = kb.key("هيئة صلى الله").split(" ")
    spaced = [Token(0, 4, "هيئة", first), Token(5, 13, "صلى الله", " ".join(rest))]
    assert [(m.first, m.last) for m in kb.match_tokens(spaced)] == [(0, 2)]


# --- ids -------------------------------------------------------------------------------------


def test_make_kb_id_is_stable() -> None:
    assert make_kb_id("الدولة الإسلامية", "ORG") == "marsad:ORG:الدوله_الاسلاميه"
    assert make_kb_id("الدَّولة  الإسلاميّة", "org") == make_kb_id("الدولة الإسلامية", "ORG")  # diacritics, case
    assert make_kb_id("أحمد (الشرع)", "PER") == "marsad:PER:احمد_الشرع"
    with pytest.raises(ValueError):
        make_kb_id("...", "PER")


# --- user extension files --------------------------------------------------------------------

YAML_EXTENSION = """\
- type: ORG
  kind: ngo
  name: جمعية المرصد للاختبار
  name_en: Marsad Test Society
  aliases: [مرصد الاختبار, جمعية المرصد]
  country: jo
- qid: Q858
  type: GPE
  name: سوريا
  name_en: Syrian Arab Republic
  aliases:
    - سوريا
    - سورية
    - بلاد الشام
"""


def test_yaml_extension_adds_and_overrides(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(YAML_EXTENSION, encoding="utf-8")
    extended = load_kb(extra=[path])
    assert extended is not kb and load_kb([path]) is extended  # cached while the file is unchanged
    (society,) = extended.lookup("لجمعية المرصد")
    assert society.kb_id == make_kb_id("جمعية المرصد للاختبار", "ORG")
    assert (society.kind, society.country, society.name_en) == ("ngo", "JO", "Marsad Test Society")
    assert extended.lookup("مرصد الاختبار") == [society]
    (syria,) = extended.lookup("بلاد الشام")  # the override's new alias
    assert syria.kb_id == "Q858" and syria.name_en == "Syrian Arab Republic"
    assert syria.kind == "country" and syria.lat is not None  # fields the override leaves out are kept
    assert extended.lookup("الجمهورية العربية السورية") == []  # the override's alias list replaces the old one
    assert extended.country("SY") is syria
    # the bundled knowledge base is untouched
    assert kb.lookup("بلاد الشام") == [] and kb.get("Q858").name_en == "Syria"  # type: ignore[union-attr]
    assert kb.lookup("مرصد الاختبار") == []


def test_csv_and_tsv_extensions(tmp_path: Path) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(
        "qid,type,kind,name,name_en,aliases,country,lat,lon\n"
        "# a comment line\n"
        ',GPE,city,قرية الاختبار,Test Village,"قرية التجربة|ضيعة الاختبار",LB,33.9,35.5\n'
        "Q822,GPE,country,لبنان,Lebanese Republic,,LB,,\n",
        encoding="utf-8",
    )
    tsv_file = tmp_path / "more.tsv"
    tsv_file.write_text(
        "qid\ttype\tkind\tname\tname_en\taliases\tcountry\n"
        "\tPER\tpolitician\tسالم المختبر\tSalem Tester\tالمختبر سالم\tLB\n",
        encoding="utf-8",
    )
    kb = load_kb([csv_file, str(tsv_file)])
    (village,) = kb.lookup("بضيعة الاختبار")
    assert (village.name_en, village.country, village.lat, village.geo_precision) == ("Test Village", "LB", 33.9, "point")
    lebanon = kb.country("LB")
    assert lebanon is not None and lebanon.kb_id == "Q822" and lebanon.name_en == "Lebanese Republic"
    assert lebanon.aliases == load_kb().country("LB").aliases  # type: ignore[union-attr]  # no aliases given: kept
    (person,) = kb.lookup("سالم المختبر")
    assert person.type == "PER" and person.kb_id == "marsad:PER:سالم_المختبر"


def test_common_word_alias_is_refused_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "common.yaml"
    path.write_text(
        "- type: ORG\n"
        "  name: شركة الطبقة للاختبار\n"
        "  aliases: [الطبقة, شركة الطبقة]\n"
        "- type: ORG\n"
        "  name: الأمن\n",
        encoding="utf-8",
    )
    with pytest.warns(KnowledgeBaseWarning) as caught:
        kb = load_kb([path])
    messages = [str(w.message) for w in caught]
    assert any(m.startswith(f"{path}:3: the alias 'الطبقة'") and "common word" in m for m in messages)
    assert any(m.startswith(f"{path}:5: the name 'الأمن'") and "stoplist" in m for m in messages)
    assert all(m in kb.warnings for m in messages)
    (company,) = kb.lookup("شركة الطبقة")  # the rest of the entry is kept
    assert company.aliases == ("شركة الطبقة",)
    assert all(e.kb_id != company.kb_id for e in kb.lookup("الطبقة"))
    security = kb.get(make_kb_id("الأمن", "ORG"))
    assert security is not None and kb.lookup("الأمن") == []  # kept, but never matched by its name


def test_an_override_keeps_its_own_aliases(tmp_path: Path) -> None:
    # an alias the bundled entry already has is not refused again
    bundled = next(e for e in load_kb().entries.values() if e.source.startswith("actors_") and e.aliases)
    path = tmp_path / "override.tsv"
    path.write_text(
        "kb_id\ttype\tname\taliases\n"
        f"{bundled.kb_id}\t{bundled.type}\t{bundled.name}\t{'|'.join(bundled.aliases)}\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", KnowledgeBaseWarning)
        kb = load_kb([path])
    assert kb.get(bundled.kb_id) == bundled


@pytest.mark.parametrize(
    ("suffix", "content", "line", "message"),
    [
        (".yaml", "- type: ORG\n  name: جمعية\n  aliases: [مرصد\n- type: PER\n", 4, "malformed YAML"),
        (".yaml", "- type: ORG\n  name: جمعية\n  aliases: {a: b}\n", 3, "aliases must be a list"),
        (".yaml", "- type: ORG\n  name: جمعية ما\n- type: THING\n  name: شيء ما\n", 3, "THING"),
        (".yaml", "- type: ORG\n  nmae: جمعية ما\n", 2, "unknown field"),
        (".yaml", "type: ORG\nname: جمعية\n", 1, "list of entries"),
        (".yaml", "- type: ORG\n  name: مكان ما\n  lat: 95\n  lon: 10\n", 3, "lat"),
        (".csv", "type,name,aliases\nORG,جمعية ما,\nORG,جمعية أخرى\n", 3, "2 fields where the header has 3"),
        (".csv", "type,name,colour\nORG,جمعية ما,أزرق\n", 1, "unknown column"),
        (".csv", "type,name\nORG,\n", 2, "no name"),
        (".tsv", "qid\ttype\tname\nQ12x\tORG\tجمعية ما\n", 2, "not a Wikidata id"),
        (".tsv", "qid\ttype\tname\tcountry\n\tORG\tجمعية ما\tSYR\n", 2, "alpha-2"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, suffix: str, content: str, line: int, message: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_kb([path])
    assert raised.value.origin == f"{path}:{line}"
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert message in str(raised.value)


def test_unusable_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_kb([tmp_path / "missing.yaml"])
    other = tmp_path / "entries.json"
    other.write_text("[]", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"\.yaml, \.yml, \.csv or \.tsv"):
        load_kb([other])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("type,name\nORG,caf\xe9\n".encode("latin-1"))
    with pytest.raises(KnowledgeBaseError, match="UTF-8") as raised:
        load_kb([latin1])
    assert raised.value.origin == f"{latin1}:2"
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    assert len(load_kb([empty])) == len(load_kb())


def test_bundled_kb_loads_without_warnings() -> None:
    from marsad.kb import load_kb

    assert load_kb().warnings == []
