"""marsad.arabic.numbers: digits, number words, compounds, scales, vague words, duals."""

from __future__ import annotations

import time

import pytest

from marsad.arabic.numbers import dual_count, find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # digits
        ("25", 25), ("٢٥", 25), ("۲۵", 25), ("1,200", 1200), ("١٬٢٠٠", 1200), ("12,500,000", 12500000),
        # units, both genders, ة/ه, clitics, case endings
        ("واحد", 1), ("واحدة", 1), ("أحد", 1), ("إحدى", 1), ("اثنان", 2), ("اثنين", 2), ("اثنتين", 2),
        ("ثلاث", 3), ("ثلاثة", 3), ("ثلاثه", 3), ("وثلاثة", 3), ("بخمسة", 5), ("لعشرة", 10), ("وبسبعة", 7),
        ("الخمسة", 5), ("ثلاثةً", 3), ("أربع", 4), ("ستة", 6), ("ثمانية", 8), ("ثماني", 8), ("تسع", 9), ("عشر", 10),
        # teens
        ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("اثني عشر", 12), ("ثلاثة عشر", 13),
        ("خمس عشرة", 15), ("تسعة عشر", 19),
        # tens and compounds
        ("عشرون", 20), ("عشرين", 20), ("ثلاثين", 30), ("تسعون", 90), ("ثلاثة وعشرين", 23),
        ("خمسة وأربعون", 45), ("واحد وعشرون", 21),
        # hundreds
        ("مئة", 100), ("مائة", 100), ("مئتين", 200), ("مائتان", 200), ("ثلاثمئة", 300), ("خمسمائة", 500),
        ("ثلاث مئة", 300), ("مئة وخمسة وعشرون", 125), ("مئة وعشرون", 120),
        # thousands and millions
        ("ألف", 1000), ("ألفين", 2000), ("ألفان", 2000), ("ثلاثة آلاف", 3000), ("عشرة آلاف", 10000),
        ("عشرين ألفاً", 20000), ("ألفًا", 1000), ("خمسة وعشرين ألف", 25000), ("خمسمائة ألف", 500000),
        ("ألف وخمسمئة", 1500), ("ثلاثة آلاف وخمسمئة", 3500), ("مليون", 10**6), ("مليونين", 2 * 10**6),
        ("ستة ملايين", 6 * 10**6), ("مليار", 10**9),
        # digits with a scale word
        ("3 آلاف", 3000), ("٢ مليون", 2 * 10**6), ("1.5 مليون", 1_500_000), ("300 ألف", 300_000),
        ("١٫٥ مليار", 1_500_000_000),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["عشرات", "مئات", "آلاف", "ملايين", "العديد", "بضعة", "بضع", "عدة", "عشرات الآلاف", "مئات الآلاف",
     "بضعة عشر", "بضعة آلاف", "الأحد", "الاثنين", "2.5", "", "خمسة أشخاص", "لست", "قال"],
)
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_spans_and_values() -> None:
    text = "قتل ثلاثة وعشرون شخصا وأصيب 45 آخرون، بينهم عشرات الجرحى، يوم الأحد، وبلغت الخسائر ٢ مليون دولار."
    found = [(text[s:e], v) for s, e, v in find_numbers(text)]
    assert found == [("ثلاثة وعشرون", 23), ("45", 45), ("٢ مليون", 2_000_000)]


def test_find_numbers_separate_numbers_stay_apart() -> None:
    text = "اعتقل خمسة، وأفرج عن 3 و4 منهم.\nعشرة"
    assert [v for _, _, v in find_numbers(text)] == [5, 3, 4, 10]


def test_find_numbers_leaves_proclitics_out_of_the_span() -> None:
    text = "وبثلاثة"
    (start, end, value), = find_numbers(text)
    assert (text[start:end], value) == ("ثلاثة", 3)


def test_find_numbers_no_digits_no_words_is_fast() -> None:
    text = "كلام عادي بلا أرقام " * 5000
    started = time.perf_counter()
    assert find_numbers(text) == []
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("word", "count"),
    [("قتيلين", 2), ("قتيلان", 2), ("جريحين", 2), ("شخصين", 2), ("جنديين", 2), ("للسيارتين", 2),
     ("والطفلين", 2), ("مدنيين", None), ("قتلى", None), ("مسلحين", None), ("فلسطين", None)],
)
def test_dual_count(word: str, count: int | None) -> None:
    assert dual_count(word) == count


def test_find_numbers_in_a_window_keeps_text_offsets() -> None:
    text = "قتل خمسة. وأصيب ثلاثة عشر آخرون."
    window = text.index("وأصيب")
    assert find_numbers(text, window, len(text)) == [(text.index("ثلاثة"), text.index(" آخرون"), 13)]
    assert find_numbers(text, 0, window) == [(4, 8, 5)]
