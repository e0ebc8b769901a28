"""Bytes to text for Arabic news files, whatever their encoding or their HTML claims.

Order of trust: a byte-order mark; strict UTF-8 (valid multi-byte UTF-8 almost never happens by
accident, so it beats a ``<meta charset>`` that says otherwise); the declared charset, if it gives
plausible text; then the Arabic code pages (windows-1256 before ISO-8859-6, since it is far more
common and decodes every byte); then charset-normalizer. Text that is UTF-8 Arabic once misread as
windows-1252 or windows-1256 ("Ø§Ù„Ø¹Ø±Ø§Ù‚", "ط§ظ„ط¹ط±ط§ظ‚") is repaired when the round trip gives
Arabic, and refused when it does not.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from marsad.errors import BinaryInput, DecodingError

_ARABIC_CODECS = ("cp1256", "iso8859_6")
_ARABIC_READING = 0.8  # share of Arabic among non-ASCII letters that makes a code page "the Arabic one"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_CONTROL_SHARE = 0.05
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel/EPUB file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_SNIFF_BYTES = 4096
_TRY_AGAIN = "save it as UTF-8 text (for example with iconv or a text editor) and try again"


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def sniff_html_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv`` (first 4 KiB)."""
    m = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return m.group(1).decode("ascii").lower() if m else None


def _codec_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _check_binary(data: bytes, origin: str | None) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(
                f"this is {what}, not text; marsad reads .txt, .html and .jsonl, so extract the text first",
                origin=origin,
            )
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return  # UTF-16/32 text is full of NUL bytes
    controls = len(data.translate(None, _NON_CONTROL_BYTES))  # deletes all but control bytes
    if b"\x00" in data or controls > _MAX_CONTROL_SHARE * len(data):
        raise BinaryInput(
            "this looks like a binary file (NUL or control bytes), not text; "
            "give marsad the article as .txt, .html or .jsonl",
            origin=origin,
        )


def is_arabic_letter(ch: str) -> bool:
    return ch.isalpha() and (
        "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u08a0" <= ch <= "\u08ff"
        or "\ufb50" <= ch <= "\ufdff"
        or "\ufe70" <= ch <= "\ufeff"
    )


def arabic_share(text: str) -> float | None:
    """Share of Arabic letters among non-ASCII letters (None when there are none)."""
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return None
    return sum(map(is_arabic_letter, letters)) / len(letters)


_ODD_CATEGORIES = frozenset({"So", "Sk", "Co", "Cn", "Cc", "Cs"})
_PLAUSIBLE_SAMPLE = 200_000
_INNER_PUNCTUATION = frozenset("'’-‐._/&:")
_WORD_EDGES = ".,;:!?()[]{}\"'«»“”‘’„*#%+=<>،؛؟-–—…"
_TAGS = re.compile(r"<[^<>]{0,300}>|&#?\w{1,10};")


def _script(ch: str) -> str:
    if is_arabic_letter(ch):
        return "arabic"
    if ord(ch) < 0x250 or "\u1e00" <= ch <= "\u1eff":
        return "latin"
    return unicodedata.name(ch, "?").split(" ")[0]  # CYRILLIC, GREEK, MODIFIER, ...


def _word_like(token: str) -> bool:
    """Letters of one script, with digits, marks and only word-internal punctuation."""
    scripts = {_script(ch) for ch in token if ch.isalpha()}
    return len(scripts) <= 1 and all(
        ch.isalpha() or ch.isdigit() or unicodedata.category(ch)[0] == "M" or ch in _INNER_PUNCTUATION
        for ch in token
    )


def _plausible(text: str) -> bool:
    """Decoded text that reads like words, not byte soup.

    Among tokens holding non-ASCII characters, most must be made of letters (and marks, digits,
    ordinary punctuation) of one script, and few characters may be symbols, controls or U+FFFD.
    """
    text = _TAGS.sub(" ", text[:_PLAUSIBLE_SAMPLE])
    odd = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in _ODD_CATEGORIES and ch not in "\n\r\t\f\v")
    )
    if odd > 0.02 * max(len(text), 1):
        return False
    tokens = [t for t in text.split() if not t.isascii()]
    good = sum(1 for token in tokens if _word_like(token.strip(_WORD_EDGES)))
    return good >= 0.8 * len(tokens)


# UTF-8 Arabic read as windows-1252 starts each letter with Ø/Ù/Ú/Û; read as windows-1256, with ط/ظ.
def _lead_trail(codec: str) -> re.Pattern[str]:
    """Lead byte D8-DB then a continuation byte 80-BF, as ``codec`` (or latin-1, for C1) reads them."""
    lead = bytes(range(0xD8, 0xDC)).decode(codec)
    trail = bytes(range(0x80, 0xC0)).decode(codec, errors="replace").replace("\ufffd", "")
    trail += "".join(chr(b) for b in range(0x80, 0xA0))  # latin-1 readings of cp1252's holes
    return re.compile(f"[{re.escape(lead)}][{re.escape(trail)}]")


_MOJIBAKE = (("cp1252", _lead_trail("cp1252")), ("cp1256", _lead_trail("cp1256")))
_MOJIBAKE_MIN = 3
# Real mojibake turns every Arabic letter into a matching pair; genuine Arabic text only meets the
# cp1256 pattern by chance ("الأسبوع،"), so a low density of pairs is never mojibake.
_MOJIBAKE_DENSITY = 0.3


def _mojibake_bytes(text: str, codec: str) -> bytes | None:
    """``text`` back to the bytes ``codec`` read it from; cp1252's 5 holes round-trip via latin-1.

    A tool that decoded with cp1252 and ``errors="replace"`` turned byte 0x81 into U+FFFD; after
    "Ù" (0xD9) that byte can only have been ف (D9 81), the one common letter among the holes.
    """
    out = bytearray()
    for i, ch in enumerate(text):
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            if ch == "\ufffd" and codec == "cp1252" and i and text[i - 1] == "Ù":
                out.append(0x81)
            elif ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def looks_like_mojibake(text: str) -> bool:
    """Whether ``text`` looks like UTF-8 Arabic decoded with a Western or Arabic code page."""
    return _mojibake_codec(text) is not None


def _mojibake_codec(text: str) -> str | None:
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    for codec, pattern in _MOJIBAKE:
        pairs = len(pattern.findall(text))
        if pairs >= _MOJIBAKE_MIN and 2 * pairs >= _MOJIBAKE_DENSITY * non_ascii:
            return codec
    return None


def repair_mojibake(text: str) -> str | None:
    """The Arabic text that mojibake stands for, or None when it is not repairable mojibake."""
    codec = _mojibake_codec(text)
    raw = _mojibake_bytes(text, codec) if codec else None
    if raw is None:
        return None
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    share = arabic_share(repaired)
    return repaired if share is not None and share >= 0.5 else None


def _finish(text: str, encoding: str, warnings: list[str], origin: str | None) -> Decoded:
    if looks_like_mojibake(text):
        repaired = repair_mojibake(text)
        if repaired is None:
            raise DecodingError(
                "the text looks like UTF-8 read with the wrong encoding (mojibake such as 'Ø§Ù„') "
                f"and could not be repaired; re-export it from the source as UTF-8 ({_TRY_AGAIN})",
                origin=origin,
            )
        warnings.append("repaired mojibake: the text was UTF-8 Arabic decoded with a Western code page")
        return Decoded(repaired, encoding + "+mojibake-repaired", warnings)
    if text.count("\ufffd") > 0.01 * max(len(text), 1):
        warnings.append(
            "the text contains many U+FFFD replacement characters: it was damaged before marsad saw it"
        )
    return Decoded(text, encoding, warnings)


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_with_warnings(data: bytes, *, declared: str | None = None, origin: str | None = None) -> Decoded:
    """``decode_bytes``, also returning warnings about what was repaired or overridden."""
    _check_binary(data, origin)
    warnings: list[str] = []
    for bom, codec in _BOMS:
        # A UTF-16 "mark" may be two bytes of garbage, so its text must also read like words.
        if data.startswith(bom) and (text := _try(data, codec)) is not None and _plausible(text):
            return _finish(text, codec.removesuffix("-sig"), warnings, origin)

    declared_codec = _codec_name(declared)
    if declared and declared_codec is None:
        warnings.append(f"ignored unknown declared charset {declared!r}")
    text = _try(data, "utf-8")
    if text is not None:
        if declared_codec not in (None, "utf-8", "ascii") and not data.isascii():
            warnings.append(f"the page declares charset {declared} but its bytes are UTF-8; decoded as UTF-8")
        return _finish(text, "utf-8", warnings, origin)

    candidates: list[tuple[str, str]] = []
    if declared_codec and declared_codec != "utf-8" and (decl := _try(data, declared_codec)) is not None:
        candidates.append((declared_codec, decl))
    for codec in _ARABIC_CODECS:
        if codec != declared_codec and (arabic := _try(data, codec)) is not None:
            candidates.append((codec, arabic))
    # The best Arabic reading wins; ties keep the order above (declared, cp1256, iso8859_6).
    scored = [(arabic_share(t) or 0.0, -i, c, t) for i, (c, t) in enumerate(candidates) if _plausible(t)]
    scored.sort(reverse=True)
    if scored and scored[0][0] >= _ARABIC_READING:
        _, _, codec, text = scored[0]
    elif candidates and declared_codec == candidates[0][0] and _plausible(candidates[0][1]):
        codec, text = candidates[0]
    elif (guess := _normalizer_guess(data)) is not None:
        codec, text = guess
    else:
        raise DecodingError(
            "the bytes are not valid UTF-8 and no encoding gives readable text (UTF-8, windows-1256, "
            f"ISO-8859-6 and detection all failed); {_TRY_AGAIN}",
            origin=origin,
        )
    if declared_codec and codec != declared_codec:
        warnings.append(f"the page declares charset {declared} but its bytes are {codec}; decoded as {codec}")
    return _finish(text, codec, warnings, origin)


def _normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, if it gives plausible text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    return (str(best.encoding), text) if _plausible(text) else None


def decode_bytes(data: bytes, *, declared: str | None = None, origin: str | None = None) -> tuple[str, str]:
    """Decode an input file's bytes; returns (text, encoding used).

    ``declared`` is the charset the container claims (an HTML ``<meta charset>``); it is trusted
    only when it gives plausible text. Raises ``BinaryInput`` for binary data and ``DecodingError``
    when no encoding gives readable text or mojibake cannot be repaired.
    """
    decoded = decode_with_warnings(data, declared=declared, origin=origin)
    return decoded.text, decoded.encoding
