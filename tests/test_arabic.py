"""marsad.arabic: normalisation and its offset map, proclitics, tokens, sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic import (
    NormalizedText,
    normalize,
    normalize_word,
    split_sentences,
    strip_clitics,
    token_norm,
    tokenize,
)

# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("مُحَمَّدٌ رَسُولُ", "محمد رسول"),  # harakat
        ("هٰذا", "هذا"),  # superscript alef
        ("الرَّحِيمِۖ", "الرحيم"),  # Quranic mark
        ("القـــدس", "القدس"),  # tatweel
        ("\u200fبيروت\u200e \u202bغزة\u202c\u2066\u2069\ufeff\u061c", "بيروت غزة"),  # bidi and format marks
        ("أحمد إبراهيم آمال ٱلقدس", "احمد ابراهيم امال القدس"),  # alef variants
        ("مستشفى على", "مستشفي علي"),  # alef maqsura, on by default
        ("مدينة غزة", "مدينة غزة"),  # ta marbuta kept by default
        ("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"),  # Eastern Arabic and Persian digits
        ("ﺑﻴﺮﻭﺕ ﺍﻟﻌﺮﺍﻕ", "بيروت العراق"),  # presentation forms, one for one
        ("ﻻ ﻷن", "لا لان"),  # lam-alef ligatures expand
        ("ﷲ", "الله"),
        ("غزة\u00a0اليوم\u2009و\u202fأمس", "غزة اليوم و امس"),  # Unicode spaces
        ("کتاب فارسی", "كتاب فارسي"),  # Persian kaf and yeh
        ("هل انتهت؟ نعم، انتهت؛ حقا.", "هل انتهت؟ نعم، انتهت؛ حقا."),  # Arabic punctuation kept
        ("سطر\nسطر\tعمود", "سطر\nسطر\tعمود"),  # line breaks and tabs kept
        ("", ""),
    ],
)
def test_normalize_folds(original: str, expected: str) -> None:
    assert normalize(original).text == expected
    assert normalize(original).original == original


@pytest.mark.parametrize(
    ("original", "flags", "expected"),
    [
        ("مدينة", {"ta_marbuta": True}, "مدينه"),
        ("مستشفى", {"alef_maqsura": False}, "مستشفى"),
        ("ﻣﺴﺘﺸﻔﻰ ﻣﺪﻳﻨﺔ", {"alef_maqsura": False, "ta_marbuta": True}, "مستشفى مدينه"),
    ],
)
def test_normalize_flags(original: str, flags: dict[str, bool], expected: str) -> None:
    assert normalize(original, **flags).text == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("مَدِينَةُ", "مدينه"), ("إلى", "الي"), ("ﻻ", "لا"), ("٢٠٢٤", "2024"), ("کابل", "كابل")],
)
def test_normalize_word(word: str, expected: str) -> None:
    assert normalize_word(word) == expected


@pytest.mark.parametrize(
    ("original", "span", "expected_original"),
    [
        ("ﻻ شيء", (0, 2), (0, 1)),  # a ligature's whole expansion
        ("ﻻ شيء", (1, 2), (0, 1)),  # half of it still maps to the ligature
        ("ﻻ شيء", (2, 6), (1, 5)),  # after the ligature, shifted back by one
        ("بُدَّ", (0, 1), (0, 1)),  # damma at the right edge: left out
        ("بُدَّ", (0, 2), (0, 3)),  # damma inside: kept; shadda and fatha at the edge: left out
        ("بُدَّ", (1, 2), (2, 3)),  # damma at the left edge: left out
        ("\u200fعراق\u200f", (0, 4), (1, 5)),  # bidi marks at both edges
        ("القـــدس", (0, 5), (0, 8)),  # tatweel inside
        ("القـــدس", (3, 5), (6, 8)),
        ("صلى ﷺ عليه", (4, 22), (4, 5)),  # 1 → 18 expansion
        ("صلى ﷺ عليه", (22, 27), (5, 10)),
        ("مُحَمَّد", (2, 2), (4, 4)),  # an empty span sits before the next kept character
        ("مُحَمَّد", (4, 4), (8, 8)),  # and at the end after the last one
        ("كتاب", (1, 3), (1, 3)),  # nothing removed: the identity map
    ],
)
def test_offset_map(original: str, span: tuple[int, int], expected_original: tuple[int, int]) -> None:
    norm = normalize(original)
    assert norm.to_original(*span) == expected_original
    start, end = expected_original
    if norm.is_boundary(span[0]) and norm.is_boundary(span[1]):
        assert normalize(original[start:end]).text == norm.text[span[0] : span[1]]


def test_is_boundary_inside_a_ligature() -> None:
    norm = normalize("ﻻ شيء")
    assert [norm.is_boundary(i) for i in range(4)] == [True, False, True, True]


@pytest.mark.parametrize("span", [(-1, 2), (2, 1), (0, 99)])
def test_offset_map_rejects_spans_outside_the_text(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside"):
        normalize("مُحَمَّد").to_original(*span)


def test_normalized_text_is_frozen() -> None:
    norm = normalize("ﻻ")
    assert isinstance(norm, NormalizedText)
    with pytest.raises(AttributeError):
        norm.text = "x"  # type: ignore[misc]


_MIXED_ALPHABET = st.one_of(
    st.sampled_from("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةٱکی"),
    st.characters(min_codepoint=0x064B, max_codepoint=0x0652),  # harakat
    st.sampled_from("\u0670\u06d6\u06da\u06e1\u06ed\u0640"),  # superscript alef, Quranic marks, tatweel
    st.characters(min_codepoint=0x0030, max_codepoint=0x0039),
    st.characters(min_codepoint=0x0660, max_codepoint=0x0669),
    st.characters(min_codepoint=0x06F0, max_codepoint=0x06F9),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),  # presentation forms A
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),  # presentation forms B
    st.sampled_from("\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u061c"),
    st.sampled_from(" \u00a0\u2009\u3000\n،؟."),
)


@settings(max_examples=300, deadline=None)
@given(st.text(_MIXED_ALPHABET, max_size=24))
def test_every_span_maps_back_to_what_produced_it(original: str) -> None:
    norm = normalize(original)
    size = len(norm.text)
    for start in range(size + 1):
        for end in range(start, size + 1):
            orig_start, orig_end = norm.to_original(start, end)
            assert 0 <= orig_start <= orig_end <= len(original)
            renormalized = normalize(original[orig_start:orig_end]).text
            if norm.is_boundary(start) and norm.is_boundary(end):
                assert renormalized == norm.text[start:end]
            else:  # a span cutting into a ligature's expansion maps to the whole ligature
                assert norm.text[start:end] in renormalized


@settings(max_examples=200, deadline=None)
@given(st.text(_MIXED_ALPHABET, max_size=40), st.booleans(), st.booleans())
def test_normalize_matches_per_character_folding(original: str, ta_marbuta: bool, alef_maqsura: bool) -> None:
    norm = normalize(original, ta_marbuta=ta_marbuta, alef_maqsura=alef_maqsura)
    per_char = "".join(normalize(c, ta_marbuta=ta_marbuta, alef_maqsura=alef_maqsura).text for c in original)
    assert norm.text == per_char
    assert norm.to_original(0, len(norm.text))[1] <= len(original)


# --- proclitics and matching keys ------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "prefix", "rest"),
    [
        ("بالعراق", "بال", "عراق"),
        ("لداعش", "ل", "داعش"),
        ("لـداعش", "لـ", "داعش"),  # tatweel stays with the proclitic
        ("وللحكومة", "ولل", "حكومة"),
        ("للعراق", "لل", "عراق"),  # ل + ال
        ("فبالتالي", "فبال", "تالي"),
        ("والولايات", "وال", "ولايات"),
        ("كالعادة", "كال", "عادة"),
        ("العراق", "ال", "عراق"),
        ("وَبِالْعِرَاقِ", "وَبِالْ", "عِرَاقِ"),  # diacritics belong to the letter before them
        ("بالإمارات", "بال", "إمارات"),
        ("وهو", "و", "هو"),  # a two-letter function word may remain
        ("لكل", "ل", "كل"),
        ("لبنان", "", "لبنان"),  # exceptions: one word, not proclitic + word
        ("وزير", "", "وزير"),
        ("بغداد", "", "بغداد"),
        ("فلسطين", "", "فلسطين"),
        ("كان", "", "كان"),
        ("وبغداد", "و", "بغداد"),  # a known remainder stops the stripping there
        ("ولبنان", "و", "لبنان"),
        ("للجنة", "ل", "لجنة"),  # ل + لجنة, not لل + جنة
        ("والذين", "و", "الذين"),
        ("وقت", "", "وقت"),  # would leave قت
        ("الله", "", "الله"),  # would leave two letters after the article
        ("بال", "", "بال"),
        ("ب", "", "ب"),
        ("", "", ""),
        ("Reuters", "", "Reuters"),
    ],
)
def test_strip_clitics(word: str, prefix: str, rest: str) -> None:
    assert strip_clitics(word) == (prefix, rest)
    assert prefix + rest == word


def test_strip_clitics_known_words_win() -> None:
    assert strip_clitics("ليون") == ("ل", "يون")
    known = frozenset({"ليون"})
    assert strip_clitics("ليون", known=known) == ("", "ليون")
    assert strip_clitics("وليون", known=known) == ("و", "ليون")
    assert token_norm("ليون", known=known) == "ليون"


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["بالعراق", "العراق", "عراق", "للعراق", "والعراق"], "عراق"),
        (["لداعش", "داعش", "لـداعش", "بـداعش"], "داعش"),
        (["المدينة", "مدينة", "بالمَدِينَةِ"], "مدينه"),
        (["إلى", "الى"], "الي"),
        (["الذين", "والذين"], "الذين"),
        (["«"], "«"),
        (["،"], "،"),
        (["٢٠٢٤", "2024"], "2024"),
    ],
)
def test_token_norm(words: list[str], key: str) -> None:
    assert [token_norm(w) for w in words] == [key] * len(words)


# --- tokens ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال «داعش»، إن", ["قال", "«", "داعش", "»", "،", "إن"]),
        ("زار (العراق). ثم", ["زار", "(", "العراق", ")", ".", "ثم"]),
        ("قال \"نعم\"؛ ثم [المصدر]: لا", ["قال", '"', "نعم", '"', "؛", "ثم", "[", "المصدر", "]", ":", "لا"]),
        ("«انتهت.»؟", ["«", "انتهت", ".", "»", "؟"]),
        ("لـ«داعش» و(الحكومة)", ["لـ", "«", "داعش", "»", "و", "(", "الحكومة", ")"]),
        ("سيصل غداً. حسناً!", ["سيصل", "غداً", ".", "حسناً", "!"]),
        ("بلغ ٣٫٥ و3.5 بالمئة", ["بلغ", "٣٫٥", "و3.5", "بالمئة"]),
        ("  سطر\n\nسطر  ", ["سطر", "سطر"]),
    ],
)
def test_tokenize_splits_punctuation(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    assert [t.text for t in tokens] == expected
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_tokens_carry_norm_and_prefix() -> None:
    text = "وقال الوزير لـ«الشرق» إن وفد وللحكومة وصل بالأمس."
    tokens = {t.text: t for t in tokenize(text)}
    assert (tokens["وقال"].prefix, tokens["وقال"].norm) == ("و", "قال")
    assert (tokens["الوزير"].prefix, tokens["الوزير"].norm) == ("ال", "وزير")
    assert (tokens["وللحكومة"].prefix, tokens["وللحكومة"].norm) == ("ولل", "حكومه")
    assert (tokens["بالأمس"].prefix, tokens["بالأمس"].norm) == ("بال", "امس")
    assert (tokens["وفد"].prefix, tokens["وفد"].norm) == ("", "وفد")
    assert tokens["«"].norm == "«"
    assert tokens["."].norm == "."


def test_tokenize_edge_cases() -> None:
    assert tokenize("") == []
    assert tokenize(" \u200f \n\u202b\n ") == []  # nothing but spaces and bidi marks
    assert [t.text for t in tokenize("قال د. محمد")] == ["قال", "د.", "محمد"]
    assert [t.norm for t in tokenize("\u200fوالعراق\u200f")] == ["عراق"]
    known = frozenset({"ليون"})
    assert [(t.prefix, t.norm) for t in tokenize("في ليون", known=known)] == [("", "في"), ("", "ليون")]


@settings(max_examples=150, deadline=None)
@given(st.text(st.one_of(_MIXED_ALPHABET, st.sampled_from("«»\"“”()[]!؛:،.؟ \n")), max_size=60))
def test_tokens_point_into_the_text(text: str) -> None:
    previous_end = 0
    covered: set[int] = set()
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end
        assert token.text.startswith(token.prefix)
        assert token.norm.strip()
        covered.update(range(token.start, token.end))
        previous_end = token.end
    assert all(i in covered for i, char in enumerate(text) if normalize_word(char).strip())


# --- sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قال د. محمد علي إن الوضع مستقر. وأضاف أن النمو بلغ 3.5 في المئة؟ نعم!",
            ["قال د. محمد علي إن الوضع مستقر.", "وأضاف أن النمو بلغ 3.5 في المئة؟", "نعم!"],
        ),
        (
            "وقال الوزير: «الحرب انتهت. نحن منتصرون.» ثم غادر القاعة.",
            ["وقال الوزير: «الحرب انتهت. نحن منتصرون.»", "ثم غادر القاعة."],
        ),
        ("قالت: “لن نتراجع. أبداً!” وانصرفت.", ["قالت: “لن نتراجع. أبداً!”", "وانصرفت."]),
        ('قال "انتهى الأمر. تماماً." وغادر. ثم عاد', ['قال "انتهى الأمر. تماماً."', "وغادر.", "ثم عاد"]),
        ("«انتهت الحرب.»، قال الوزير. وبعدها؟", ["«انتهت الحرب.»، قال الوزير.", "وبعدها؟"]),
        ("نقلت (أ.ف.ب) عن م. أحمد وج. سمير الخبر.", ["نقلت (أ.ف.ب) عن م. أحمد وج. سمير الخبر."]),
        ("التقى Mr. Smith وU.S. officials. ثم", ["التقى Mr. Smith وU.S. officials.", "ثم"]),
        ("ارتفع ٣٫٥ و٣.٥ و1.000.000 بالمئة. انتهى", ["ارتفع ٣٫٥ و٣.٥ و1.000.000 بالمئة.", "انتهى"]),
        (
            "زر www.aljazeera.net/news.html أو http://x.com/a.b. ثم راسل info@example.com. انتهى",
            ["زر www.aljazeera.net/news.html أو http://x.com/a.b.", "ثم راسل info@example.com.", "انتهى"],
        ),
        (
            "السطر الأول\nالسطر الثاني.\n\n  الفقرة الثالثة  ",
            ["السطر الأول", "السطر الثاني.", "الفقرة الثالثة"],
        ),
        ("هل انتهى؟ لا، لم ينته؛ بل بدأ… وعاد", ["هل انتهى؟", "لا، لم ينته؛ بل بدأ…", "وعاد"]),
        ("انتظر... ماذا؟! لا.", ["انتظر...", "ماذا؟!", "لا."]),
        ("ولد عام 1950 م. وتوفي", ["ولد عام 1950 م.", "وتوفي"]),
        ("1. البند الأول. 2. البند الثاني.", ["1. البند الأول.", "2. البند الثاني."]),
        ("«جملة بلا نهاية\nسطر جديد. آخر", ["«جملة بلا نهاية", "سطر جديد.", "آخر"]),  # a line resets quotes
        ("سطر أول\r\nسطر ثان", ["سطر أول", "سطر ثان"]),
        ("تابعونا على @marsad. وراسلونا", ["تابعونا على @marsad.", "وراسلونا"]),
        ("الحرب انتهت.وقال الوزير", ["الحرب انتهت.", "وقال الوزير"]),  # no space after the full stop
        ("   ", []),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in split_sentences(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(_MIXED_ALPHABET, st.sampled_from("«»\"“”()!؛:،.؟… \n\n")), max_size=80))
def test_sentences_are_trimmed_ordered_and_cover_the_text(text: str) -> None:
    spans = split_sentences(text)
    covered: set[int] = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())
