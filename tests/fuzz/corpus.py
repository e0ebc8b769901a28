"""The hostile corpus: small inputs committed in ``tests/fixtures/hostile`` (written by
``write_committed``; ``python -m fuzz.corpus`` from tests/ writes them again) and big ones built at
test time from the recipes in ``BIG`` (50 MB text, 100,000-word sentences, 100,000-deep HTML...),
so that the repository stays small.

Each entry names the input paths (``targets``) it is meant for.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from pathlib import Path

HOSTILE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"

SENTENCE = "قال وزير الداخلية اللبناني نهاد المشنوق أمس في بيروت إن قوى الأمن اعتقلت خمسة أشخاص في طرابلس."
NAME = "نهاد المشنوق"
ZW = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
SHORT_WORDS = ["قال", "في", "من", "إن", "عن", "قتل", "بغداد", "جيش", "على", "مع", "وزير", "أمس"]


def _words(n: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(SHORT_WORDS) for _ in range(n))


def _warc_record(url: str, body: bytes, *, length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2026-01-02T03:04:05Z\r\n"
            f"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) if length is None else length}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def _gzip(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def _page(body: str, head: str = "<meta charset='utf-8'>") -> bytes:
    return f"<html><head>{head}<title>عنوان</title></head><body>{body}</body></html>".encode()


def committed() -> dict[str, bytes]:
    """The small hostile inputs, by file name (the extension says how marsad reads them)."""
    rng = random.Random(20261125)
    article = (SENTENCE + " ") * 3
    billion_laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                      + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                for i in range(1, 10))
                      + ']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
                      "<link>https://example.org/a</link><description>&lol9;</description></item></channel></rss>")
    return {
        "empty.txt": b"",
        "empty.html": b"",
        "empty.jsonl": b"",
        "whitespace.txt": " \n\t\u00a0\u3000\n".encode(),
        "binary.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "binary.html": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2048)),
        "nul_bytes.txt": article.encode().replace(b" ", b"\x00"),
        "utf16_bom.txt": article.encode("utf-16"),
        "mixed_encodings.txt": SENTENCE.encode() + b"\n" + SENTENCE.encode("cp1256") + b"\n"
                               + SENTENCE.encode("iso-8859-6", errors="replace") + b"\n" + SENTENCE.encode(),
        "invalid_utf8.txt": SENTENCE.encode()[:-3] + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" + SENTENCE.encode(),
        "lying_charset.html": _page(article, "<meta charset='iso-8859-1'>").decode().encode("cp1256"),
        "unknown_charset.html": _page(article, "<meta charset='x-no-such-charset'>"),
        "rtl_overrides.txt": ("\u202e" + SENTENCE + "\u202c " + "\u2067" + NAME + "\u2069 قال \u202dABC\u202c. "
                              + BIDI.join(SENTENCE.split(" "))).encode(),
        "zero_width_names.txt": (SENTENCE.replace(NAME, ZW[0].join(NAME)) + " " + SENTENCE.replace("بيروت", "بي\u200dروت")
                                 + " " + ZW.join(SENTENCE.split(" "))).encode(),
        "unclosed_quotes.txt": ("بيروت - قال الوزير: «" + article + " \"" + article + " “" + article).encode(),
        "quotes_only.txt": ("«" * 500 + "»" * 3 + "\"" * 700 + "“”" * 50 + " قال: ").encode(),
        "combining_marks.txt": ("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652" * 200 + article).encode(),
        "tatweel_and_ligatures.txt": ("ـــــ" * 100 + "\ufdf2 \ufefb \ufdfa " * 50 + article).encode(),
        "surrogate_escapes.jsonl": b'{"text": "\\ud800\\udfff ' + article.encode() + b' \\udc80"}\n',
        "bad_jsonl.jsonl": b'{"text": "' + article.encode() + b'"\n[1,2,3]\n"just a string"\n{"text": 5}\n'
                           + b'{"content": null, "title": {"a": 1}}\n' + b"{" * 5000 + b"\n",
        "deep_json.jsonl": b'{"text": ' + b"[" * 10000 + b"]" * 10000 + b"}\n",
        "nested_html.html": _page("<div>" * 3000 + "<p>" + article + "</p>" + "</div>" * 3000),
        "unclosed_tags.html": _page("<b><i><table><tr><td><p>" * 500 + article),
        "script_only.html": _page("<script>" + "var a='قال وزير';" * 200 + "</script>"),
        "billion_laughs.xml": billion_laughs.encode(),
        "billion_laughs.html": ('<?xml version="1.0"?>\n' + billion_laughs.split("\n")[1]
                                + "\n<html><body><p>&lol9;</p><p>" + article + "</p></body></html>").encode(),
        "external_entity.xml": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                b'<rss version="2.0"><channel><item><title>&x;</title><link>https://e.org/&x;</link>'
                                b"</item></channel></rss>"),
        "feed_garbage.xml": b'<?xml version="1.0"?><rss><channel><item><link>javascript:alert(1)</link></item>'
                            b"<item><link>\x00\x01</link></item><item><link>https://" + b"a" * 5000 + b"</link></item>",
        "atom_no_links.xml": b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title></entry></feed>',
        "sitemap_loop.xml": b'<?xml version="1.0"?><sitemapindex><sitemap><loc>file:///dev/zero</loc></sitemap>'
                            b"</sitemapindex>",
        "truncated.warc": _warc_record("https://example.org/a", _page(article))[:-200],
        "bad_length.warc": _warc_record("https://example.org/a", _page(article), length=10**12),
        "negative_length.warc": _warc_record("https://example.org/a", _page(article), length=-5),
        "not_warc.warc": b"WARC/1.0\r\n" + bytes(rng.randrange(256) for _ in range(1024)),
        "truncated.warc.gz": _gzip(_warc_record("https://example.org/a", _page(article)))[:-40],
        "kb_bad.yaml": b"- name: [unclosed\n  kind: &a *a\n",
        "kb_wrong_shape.yaml": b"name: x\n---\n- 5\n- null\n- {name: null, aliases: 7}\n",
        "kb_anchor_bomb.yaml": ("a: &a [" + ",".join(["x"] * 9) + "]\n"
                                + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                                          for i in range(8))).encode(),
        "kb_bad.csv": b'name,kind,aliases\n"unclosed,person\n,,\n' + "\u202e".encode() + b",x,y,z,w\n",
        "kb_binary.tsv": bytes(rng.randrange(256) for _ in range(1024)),
    }


def write_committed(folder: Path = HOSTILE_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in committed().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


# -- big inputs, built at test time --------------------------------------------------------------------
def huge_text(megabytes: int = 50) -> bytes:
    unit = (SENTENCE + "\n").encode()
    return unit * (megabytes * 1024 * 1024 // len(unit) + 1)


def long_sentence(words: int = 100_000) -> bytes:
    """One sentence of ``words`` short words, no full stop: under MARSAD_MAX_ARTICLE_CHARS, so analysed."""
    return ("بيروت - " + _words(words)).encode()


def long_unclosed_quote(words: int = 100_000) -> bytes:
    return ("بيروت - قال الوزير: «" + _words(words) + " وأضاف: \"" + _words(200, seed=3)).encode()


def deep_html(depth: int = 100_000) -> bytes:
    return _page("<div>" * depth + "<p>" + SENTENCE * 3 + "</p>" + "</div>" * depth)


def wide_html(elements: int = 200_000) -> bytes:
    return _page("<span>قال</span>" * elements)


def huge_attribute_html(megabytes: int = 5) -> bytes:
    return _page(f"<p title='{'ق' * (megabytes * 1024 * 512)}'>" + SENTENCE * 3 + "</p>")


def many_entities_html(n: int = 500_000) -> bytes:
    return _page("<p>" + "&amp;&#1602;&#x642;" * n + "</p>")


def big_warc(records: int = 2000) -> bytes:
    return b"".join(_warc_record(f"https://example.org/{i}", _page(SENTENCE * 2)) for i in range(records))


def gzip_bomb(megabytes: int = 200) -> bytes:
    """A small .warc.gz that inflates to ``megabytes`` of zeros."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\x00" * (1024 * 1024)
    return c.compress(b"WARC/1.0\r\n") + b"".join(c.compress(chunk) for _ in range(megabytes)) + c.flush()


BIG: dict[str, tuple[Callable[[], bytes], tuple[str, ...]]] = {
    "huge_text_50mb": (huge_text, ("files",)),
    "long_sentence_100k_words": (long_sentence, ("text", "arabic", "pipeline")),
    "unclosed_quote_100k_words": (long_unclosed_quote, ("text", "pipeline")),
    "deep_html_100k": (deep_html, ("html", "files")),
    "wide_html_200k": (wide_html, ("html",)),
    "huge_attribute_html": (huge_attribute_html, ("html",)),
    "many_entities_html": (many_entities_html, ("html",)),
    "big_warc_2000_records": (big_warc, ("warc",)),
    "gzip_bomb_200mb": (gzip_bomb, ("warc",)),
}


def targets_for(name: str) -> tuple[str, ...]:
    """The targets a committed file is meant for, from its extension."""
    if name.endswith((".warc", ".warc.gz")):
        return ("warc", "files")
    if name.startswith("kb_"):
        return ("kb",)
    if name.endswith(".xml"):
        return ("feed", "html", "decoding")
    if name.endswith(".html"):
        return ("html", "files", "decoding")
    if name.endswith(".jsonl"):
        return ("files",)
    return ("text", "files", "arabic", "decoding", "pipeline")


if __name__ == "__main__":
    for written in write_committed():
        print(written, written.stat().st_size)
