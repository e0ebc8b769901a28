"""Seeded input generators, one per target: ``GENERATORS[target](rng) -> bytes``. Grammar-based
(pages, feeds, WARC records, KB files built from pieces, hostile ones included) and mutation-based
(a committed hostile input or a well-formed one with bytes flipped, cut, repeated). Plain
``random.Random`` so that ``benchmarks/fuzz.py`` can make 100k+ inputs quickly; the tests draw the
seed from hypothesis (fixed-seed samples), so a failure is reproducible from its seed.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from functools import lru_cache

from fuzz import corpus

LETTERS = [chr(c) for c in range(0x621, 0x64B)]
MARKS = [chr(c) for c in range(0x64B, 0x653)] + ["\u0670", "\u0640"]
PUNCT = [*".,،؛؟!:«»\"“”‘’'()[]-–—…", "\n", "\n\n", "\t", " ", "  ", "\u00a0"]
ODD = [*corpus.ZW, *corpus.BIDI, "\x00", "\ufffd", "\ud800", "\U0001f600", "\ufdf2", "\ufefb", "\u0660",
                                       "٣", "7", "a", "Ω", "\r", "\x0b", "\u2028", "\u2029", "<", "&", "&amp;"]
WORDS = (corpus.SENTENCE.split() + corpus.SHORT_WORDS
         + ["عاجل", "الأحد", "2015", "١٢", "كانون", "الثاني", "يناير", "رمضان", "1436", "هـ", "داعش", "الجيش",
            "الموصل", "دمشق", "وقال", "مصدر", "أمني", "إن", "«", "»", "قتلى", "جرحى", "ثلاثة", "عشرين"])
CHARSETS = ["utf-8", "windows-1256", "iso-8859-6", "utf-16", "latin-1", "x-bogus", "", "utf-8'", "cp720"]
TAGS = ["div", "p", "span", "article", "main", "section", "table", "tr", "td", "b", "i", "a", "h1", "h2", "ul",
        "li", "script", "style", "noscript", "iframe", "svg", "math", "template", "title", "meta", "br", "img"]


def _u(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


@lru_cache(maxsize=1)
def _committed() -> dict[str, bytes]:
    return corpus.committed()


def word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.75:
        return rng.choice(WORDS)
    if roll < 0.9:
        return "".join(rng.choice(LETTERS + MARKS) for _ in range(rng.randint(1, 9)))
    return "".join(rng.choice(LETTERS + ODD) for _ in range(rng.randint(1, 5)))


def arabic_text(rng: random.Random, words: int | None = None) -> str:
    n = words if words is not None else rng.choice([0, 1, 3, 10, 30, 80, 200, 600])
    out: list[str] = []
    for _ in range(n):
        out.append(word(rng))
        r = rng.random()
        if r < 0.15:
            out.append(rng.choice(PUNCT))
        elif r < 0.18:
            out.append(rng.choice(ODD))
    return rng.choice([" ", " ", "", "\u200c"]).join(out) if rng.random() < 0.97 else "".join(out)


def encode(rng: random.Random, text: str) -> bytes:
    charset = rng.choice(["utf-8"] * 6 + ["cp1256", "iso-8859-6", "utf-16", "utf-8-sig"])
    data = text.encode(charset, errors=rng.choice(["replace", "ignore", "surrogatepass"]) if charset.startswith(
        "utf-8") else "replace")
    return data


def mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice([0, 1, 1, 2, 4, 16])):
        op = rng.randrange(6)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2:
            del buf[pos:pos + rng.randint(1, 64)]
        elif op == 3:
            buf = buf[:pos]
        elif op == 4:
            piece = bytes(buf[pos:pos + rng.randint(1, 32)])
            buf[pos:pos] = piece * rng.randint(2, 50)
        else:
            buf[pos:pos] = rng.choice(["«", "\u202e", "\u200b", "<div>", "&#", "\r\n\r\n", "]]>", "\\u"]).encode()
    return bytes(buf)


def _seed(rng: random.Random, want: tuple[str, ...]) -> bytes:
    names = [n for n in _committed() if any(t in corpus.targets_for(n) for t in want)]
    return _committed()[rng.choice(names)] if names else b""


def html_tree(rng: random.Random, depth: int = 0) -> str:
    if depth > rng.choice([2, 4, 8, 30]) or rng.random() < 0.25:
        return arabic_text(rng, rng.randint(0, 40)).replace("<", "&lt;")
    tag = rng.choice(TAGS)
    attrs = "".join(rng.choice([' class="content"', ' id="x"', " hidden", ' dir="rtl"', ' lang="ar"',
                                ' style="display:none"', f' title="{word(rng)}"', ' href="javascript:1"', ""])
                    for _ in range(rng.randint(0, 2)))
    inner = "".join(html_tree(rng, depth + 1) for _ in range(rng.randint(0, 4)))
    close = f"</{tag}>" if rng.random() < 0.9 else ""
    return f"<{tag}{attrs}>{inner}{close}"


def page(rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return mutate(rng, _seed(rng, ("html",)))
    charset = rng.choice(CHARSETS)
    head = (f"<meta charset='{charset}'>" if rng.random() < 0.7 else "") + (
        f"<title>{arabic_text(rng, 5)}</title>" if rng.random() < 0.7 else "") + (
        '<script type="application/ld+json">' + json.dumps({"@type": "NewsArticle", "headline": arabic_text(rng, 4),
                                                            "datePublished": rng.choice(["2015-08-02", "x", ""])})
        + "</script>" if rng.random() < 0.3 else "")
    body = "".join(html_tree(rng) for _ in range(rng.randint(1, 5)))
    text = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    if rng.random() < 0.1:
        text = text[: rng.randrange(len(text) + 1)]
    return mutate(rng, encode(rng, text)) if rng.random() < 0.3 else encode(rng, text)


def feed(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.15:
        return mutate(rng, _seed(rng, ("feed",)))
    items = []
    for i in range(rng.randint(0, 6)):
        link = rng.choice([f"https://example.org/{i}", "", "javascript:x", "/relative", "https://" + word(rng),
                           "ftp://x", "https://example.org/a?b=1&amp;c=2", "https://" + "a" * rng.randint(1, 3000)])
        content = arabic_text(rng, rng.randint(0, 60))
        items.append((link, content))
    if roll < 0.5:
        body = "".join(f"<item><title>{arabic_text(rng, 4)}</title><link>{link}</link><pubDate>"
                       f"{rng.choice(['Sun, 02 Aug 2015 10:00:00 GMT', 'x', ''])}</pubDate><description>"
                       f"<![CDATA[{content}]]></description></item>" for link, content in items)
        text = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{body}</channel></rss>'
    elif roll < 0.7:
        body = "".join(f'<entry><title>{arabic_text(rng, 4)}</title><link href="{link}"/><content type="html">'
                       f"{content}</content></entry>" for link, content in items)
        text = f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'
    elif roll < 0.85:
        body = "".join(f"<url><loc>{link}</loc></url>" for link, _ in items)
        text = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    else:
        text = "\n".join(link for link, _ in items)
    return mutate(rng, _u(text)) if rng.random() < 0.3 else _u(text)


def warc(rng: random.Random) -> bytes:
    if rng.random() < 0.15:
        return mutate(rng, _seed(rng, ("warc",)))
    records = []
    for i in range(rng.randint(0, 4)):
        body = page(rng) if rng.random() < 0.8 else bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        record = corpus._warc_record(f"https://example.org/{i}", body,
                                     length=rng.choice([None, None, None, 0, 5, 10**9, -1]))
        if rng.random() < 0.2:
            record = record.replace(b"response", rng.choice([b"request", b"resource", b"metadata", b"x"]), 1)
        if rng.random() < 0.2:
            record = record.replace(b"200 OK", rng.choice([b"404 Not Found", b"xyz", b""]), 1)
        records.append(corpus._gzip(record) if rng.random() < 0.3 else record)
    data = b"".join(records)
    return mutate(rng, data) if rng.random() < 0.3 else data


def kb(rng: random.Random) -> bytes:
    if rng.random() < 0.15:
        return mutate(rng, _seed(rng, ("kb",)))
    kinds = ["person", "armed_group", "city", "country", "org", "", "x", None, 5]
    rows = [{"name": rng.choice([word(rng), "", None, 7, [word(rng)]]),
             "kind": rng.choice(kinds),
             "aliases": rng.choice([[word(rng) for _ in range(rng.randint(0, 3))], word(rng), None, {"a": 1}]),
             "name_en": rng.choice(["Foo", "", None]),
             rng.choice(["kb_id", "wikidata", "lat", "lon", "roles", "country", "zzz"]): rng.choice(
                 ["Q1", "", 1.5, -999, None, [1, 2], "x"])} for _ in range(rng.randint(0, 5))]
    roll = rng.random()
    if roll < 0.5:
        import yaml

        text = yaml.safe_dump(rows if rng.random() < 0.8 else {"entries": rows}, allow_unicode=True)
    else:
        sep = "," if roll < 0.75 else "\t"
        keys = sorted({k for r in rows for k in r}) or ["name"]
        text = sep.join(keys) + "\n" + "\n".join(sep.join(str(r.get(k, "")) for k in keys) for r in rows)
    return mutate(rng, _u(text)) if rng.random() < 0.3 else _u(text)


def text(rng: random.Random) -> bytes:
    if rng.random() < 0.15:
        return mutate(rng, _seed(rng, ("text",)))
    lines = [arabic_text(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        lines.insert(0, rng.choice(["بيروت - ", "القاهرة (رويترز) - ", "عاجل: ", "© جميع الحقوق محفوظة"]))
    data = encode(rng, "\n".join(lines))
    return mutate(rng, data) if rng.random() < 0.2 else data


def jsonl(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(0, 4)):
        record = {rng.choice(["text", "content", "title", "url", "published", "source", "x"]): rng.choice(
            [arabic_text(rng), None, 5, [], {"a": "b"}, "2015-08-02", "https://e.org"]) for _ in range(rng.randint(0, 4))}
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
    data = _u("\n".join(lines))
    return mutate(rng, data) if rng.random() < 0.3 else data


def any_bytes(rng: random.Random) -> bytes:
    return rng.choice([text, page, feed, warc, kb, jsonl])(rng)


def gzip_of(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


GENERATORS: dict[str, Callable[[random.Random], bytes]] = {
    "decoding": any_bytes, "html": page, "text": text, "feed": feed, "warc": warc, "kb": kb,
    "arabic": text, "files": lambda rng: rng.choice([text, page, jsonl])(rng), "pipeline": text,
}
