"""Rule-based sentence splitting for Arabic news text, as character spans of the original.

One compiled regex finds the characters that matter (terminators, quotes, line breaks) and a
small loop keeps the quote state; URLs and e-mail addresses are found first, only in texts that
can hold one, and skipped. A sentence ends after a run of . ! ? ؟ … ۔ plus
any closing marks that follow it, and at every line break. It does not end inside «», “” or
"" quotation (unless the terminator is followed by the mark that closes the quotation), after
an initial or abbreviation (د. محمد, U.S., Mr.), inside a number (3.5) or URL, or when the closing
mark is followed by a comma or semicolon (the quotation is part of a longer sentence).
The Arabic comma ، and semicolon ؛ never end a sentence. Line breaks reset the quote state,
so an unbalanced quotation mark cannot swallow more than its paragraph.
"""

from __future__ import annotations

import re

from marsad.arabic.normalize import normalize_word

__all__ = ["split_sentences"]

# A single character class, which the regex engine scans for quickly (an alternation of classes
# is five times slower); the loop tells the kinds apart and extends runs of terminators.
_EVENTS = re.compile(r"[.!?؟…۔\n\r\v\f\x1c-\x1e\x85\u2028\u2029«»“”\"]")
_TERMINATORS = frozenset(".!?؟…۔")
_OPENERS = frozenset("«“")
_CLOSING_QUOTES = frozenset("»”")
_URL = re.compile(r"(?:https?://|www\.)[^\s«»\"“”<>]+")
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = frozenset("._+-")
_URL_TRAILING = ".,،؛؟!?:;'\")]»”…"
_CLOSERS = frozenset("»”\")]’")
_MARKS = frozenset("\u0640\u0670" + "".join(chr(c) for c in range(0x064B, 0x0660)))
_YEAR_BEFORE = re.compile(r"[0-9٠-٩]{3,4}\s*\Z")
_CONTINUES = re.compile(r"[^\S\n]*[،,؛;:]")
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "gen", "col", "lt", "sgt", "capt", "gov", "sen"]
)
_ERA_MARKERS = frozenset("مه")  # 1990 م. / 1445 هـ. end sentences although they are one letter


def _is_sentence_end(text: str, start: int, end: int, sentence_start: int) -> bool:
    """Whether the terminator run text[start:end] ends a sentence (before quote handling)."""
    if end - start != 1 or text[start] != ".":
        return True
    after = text[end] if end < len(text) else ""
    if after.isdecimal():
        return False  # 3.5, 1.000.000
    before = text[start - 1] if start else ""
    if after.isascii() and after.isalnum() and before.isascii() and before.isalnum():
        return False  # inside a domain or file name: aljazeera.net, report.pdf
    word_start = start
    while word_start > sentence_start and (text[word_start - 1].isalnum() or text[word_start - 1] in _MARKS):
        word_start -= 1
    if word_start == start:
        return True
    word = normalize_word(text[word_start:start])
    if len(word) == 2 and word[0] == "و":
        word = word[1]  # و + initial: وج. سمير (no common two-letter word starts with و)
    if len(word) == 1 and word.isalpha():
        # an initial or one-letter abbreviation (د. م. أ.ف.ب U.S.), unless it marks a year's era
        return word in _ERA_MARKERS and bool(_YEAR_BEFORE.search(text, max(0, word_start - 8), word_start))
    if word.lower() in _ABBREVIATIONS:
        return False
    # "1." opening a sentence numbers a list item
    return not (word.isdecimal() and len(word) <= 2 and not text[sentence_start:word_start].strip())


def _url_spans(text: str) -> list[tuple[int, int]]:
    """URLs and e-mail addresses, without the punctuation that follows them, in order."""
    spans = []
    if "://" in text or "www." in text:
        for match in _URL.finditer(text):
            url = match.group().rstrip(_URL_TRAILING)
            spans.append((match.start(), match.start() + len(url)))
    at = text.find("@")
    while at != -1:  # found from the @ outwards: a regex over the whole text is much slower
        domain = _EMAIL_DOMAIN.match(text, at)
        local_start = at
        while local_start and (text[local_start - 1].isalnum() or text[local_start - 1] in _EMAIL_LOCAL):
            local_start -= 1
        if domain and local_start < at:
            spans.append((local_start, at + len(domain.group().rstrip(_URL_TRAILING))))
        at = text.find("@", at + 1)
    spans.sort()
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end exclusive) of ``text``, trimmed of whitespace, in order.

    Together they cover every non-space character of the text.
    """
    pieces: list[tuple[int, int]] = []
    urls = _url_spans(text)
    url_index = 0
    sentence_start = 0
    depth = 0  # open « and “
    in_straight = False  # inside "..."
    pos = 0
    length = len(text)
    while (match := _EVENTS.search(text, pos)) is not None:
        start = pos = match.start()
        while url_index < len(urls) and urls[url_index][1] < start:
            url_index += 1
        if url_index < len(urls) and urls[url_index][0] <= start < urls[url_index][1]:
            pos = urls[url_index][1]  # inside a URL: nothing there ends or quotes anything
            continue
        char = text[start]
        pos += 1
        if char in _TERMINATORS:
            while pos < length and text[pos] in _TERMINATORS:
                pos += 1
            after_url = url_index < len(urls) and urls[url_index][1] == start
            if not after_url and not _is_sentence_end(text, start, pos, sentence_start):
                continue
            while pos < length and text[pos] in _CLOSERS:
                closer = text[pos]
                if closer == '"':
                    if not in_straight:
                        break  # an opening quote of what follows
                    in_straight = False
                elif closer in _CLOSING_QUOTES:
                    depth = max(depth - 1, 0)
                pos += 1
            if depth or in_straight or _CONTINUES.match(text, pos):
                continue
            pieces.append((sentence_start, pos))
            sentence_start = pos
        elif char in _OPENERS:
            depth += 1
        elif char in _CLOSING_QUOTES:
            depth = max(depth - 1, 0)
        elif char == '"':
            in_straight = not in_straight
        else:  # a line break
            pieces.append((sentence_start, start))
            sentence_start = pos
            depth = 0
            in_straight = False
    pieces.append((sentence_start, length))
    return [span for start, end in pieces if (span := _trim(text, start, end))[0] < span[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
