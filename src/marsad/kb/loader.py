"""Loading the knowledge base: the bundled tables in ``marsad/kb/data`` and user extension files.

Bundled tables (see ``data/SOURCES.md``):

* ``countries.tsv`` and ``places.tsv`` — built by ``scripts/build_kb.py``; their aliases are
  already filtered, so they load without checks;
* ``actors_*.tsv`` — hand-curated actors, header ``qid type kind name name_en aliases country``
  (aliases ``|``-separated). An alias in the stoplist or shorter than three letters is refused
  with a warning in ``KnowledgeBase.warnings``; a row whose id a country or place already has
  is skipped with a warning.

User extension files (``load_kb(extra=[...])``), by suffix:

* ``.yaml`` / ``.yml`` — a list of mappings with the fields below, ``aliases`` a list;
* ``.csv`` / ``.tsv`` — a header row with the field names, then one entry a row, ``aliases``
  ``|``-separated. Blank lines and lines starting with ``#`` are skipped.

Fields: ``type`` and ``name`` are required; ``qid``, ``kb_id``, ``kind``, ``name_en``,
``aliases``, ``country`` (ISO alpha-2), ``lat``, ``lon``, ``geonames_id``, ``population``,
``geo_precision`` and ``capital`` are optional. An entry's id is its ``kb_id``, else its ``qid``,
else ``make_kb_id(name, type)``. An entry whose id is already known overrides it: the fields it
gives replace the known ones (``aliases`` included), the fields it leaves out or empty are kept.
An alias that would match a stoplist word or a frequent common word is refused, with a warning
naming file and line (``warnings.warn`` and ``KnowledgeBase.warnings``), unless the entry it
overrides already had it; the rest of the entry is kept. A malformed file raises
``KnowledgeBaseError`` naming the file and line.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from marsad.errors import KnowledgeBaseError
from marsad.kb import filters
from marsad.kb.ids import is_qid, make_kb_id
from marsad.kb.model import ENTITY_TYPES, KBEntry, KnowledgeBase

__all__ = ["ENTRY_FIELDS", "KnowledgeBaseWarning", "load_kb", "read_entry_file"]

DATA_DIR = Path(__file__).with_name("data")
COUNTRIES_FILE = DATA_DIR / "countries.tsv"
PLACES_FILE = DATA_DIR / "places.tsv"
ACTOR_FILES = "actors_*.tsv"

COUNTRY_COLUMNS = ("kb_id", "iso2", "iso3", "name", "name_en", "aliases", "lat", "lon", "geonames_id", "population")
PLACE_COLUMNS = (
    "kb_id", "kind", "name", "name_en", "aliases", "country", "lat", "lon", "geonames_id", "population", "capital",
)
ENTRY_FIELDS = (
    "kb_id", "qid", "type", "kind", "name", "name_en", "aliases", "country", "lat", "lon", "geonames_id",
    "population", "geo_precision", "capital",
)
REQUIRED_FIELDS = ("type", "name")
GEO_PRECISIONS = frozenset({"point", "city", "admin1", "country", "region"})
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
_TRUE = frozenset({"1", "true", "yes", "y"})
_FALSE = frozenset({"", "0", "false", "no", "n"})


class KnowledgeBaseWarning(UserWarning):
    """An alias or row of a knowledge-base file was refused or overrode another."""


# ---------------------------------------------------------------------------------------------
# public entry point


def load_kb(extra: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The bundled knowledge base, plus the entries of the ``extra`` files (YAML, CSV or TSV).

    The bundled one is loaded once per process and shared: treat it as read-only (``copy()``
    it to change it). A knowledge base with extension files is cached too, for as long as the
    files keep their size and modification time.
    """
    if isinstance(extra, (str, Path)):
        extra = [extra]
    if not extra:
        return _bundled()
    stamps = []
    for item in extra:
        path = Path(item)
        try:
            stat = path.stat()
        except OSError as error:
            message = f"cannot read the knowledge-base file: {error.strerror}"
            raise KnowledgeBaseError(message, origin=str(path)) from None
        stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return _extended(tuple(stamps))


@cache
def _bundled() -> KnowledgeBase:
    kb = KnowledgeBase()
    for entry, codes in _read_countries(COUNTRIES_FILE):
        kb.add(entry)
        for code in codes:
            kb.add_code(code, entry.kb_id)
    for entry in _read_places(PLACES_FILE):
        kb.add(entry)
    geo_ids = set(kb.entries)
    for path in sorted(DATA_DIR.glob(ACTOR_FILES)):
        for row in read_entry_file(path):
            entry, unindexed, notes = _entry_from_row(row, overrides=None, common=False)
            kb.warnings.extend(notes)
            if entry.kb_id in geo_ids:
                kb.warnings.append(f"{row.origin}: {entry.kb_id} is already a country or place; row skipped")
                continue
            if entry.kb_id in kb.entries:
                kb.warnings.append(f"{row.origin}: a second row for {entry.kb_id}; it replaces the first")
            kb.add(entry, unindexed=unindexed)
    _ = kb.index  # build now: the first lookup should not pay for it
    return kb


@lru_cache(maxsize=8)
def _extended(stamps: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    kb = _bundled().copy()
    for path, _, _ in stamps:
        for row in read_entry_file(Path(path)):
            entry, unindexed, notes = _entry_from_row(row, overrides=kb.entries.get(_row_id(row)), common=True)
            for note in notes:
                kb.warnings.append(note)
                warnings.warn(note, KnowledgeBaseWarning, stacklevel=3)
            kb.add(entry, unindexed=unindexed)
    _ = kb.index
    return kb


# ---------------------------------------------------------------------------------------------
# bundled geographic tables: generated, so read fast and trusted


def _tsv_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """(origin "file:line", cells) of a generated TSV whose header must be ``columns``."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as error:
        raise KnowledgeBaseError(f"cannot read a bundled knowledge-base table: {error.strerror}; "
                                 "reinstall marsad or run scripts/build_kb.py", origin=str(path)) from None
    if lines[0].split("\t") != list(columns):
        raise KnowledgeBaseError(f"the header must be {' '.join(columns)}", origin=f"{path}:1")
    width = len(columns)
    for number, line in enumerate(lines[1:], 2):
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != width:
            raise KnowledgeBaseError(f"{len(cells)} fields where the header has {width}", origin=f"{path}:{number}")
        yield f"{path}:{number}", cells


def _number(text: str, origin: str, kind: type[int] | type[float]) -> Any:
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        raise KnowledgeBaseError(f"{text!r} is not a number", origin=origin) from None


def _read_countries(path: Path) -> Iterator[tuple[KBEntry, tuple[str, ...]]]:
    for origin, (kb_id, iso2, iso3, name, name_en, aliases, lat, lon, geonames_id, population) in _tsv_rows(
        path, COUNTRY_COLUMNS
    ):
        entry = KBEntry(
            kb_id=kb_id,
            type="GPE",
            name=name,
            name_en=name_en or None,
            kind="country",
            aliases=tuple(aliases.split("|")) if aliases else (),
            country=iso2,
            lat=_number(lat, origin, float),
            lon=_number(lon, origin, float),
            geonames_id=_number(geonames_id, origin, int),
            geo_precision="country",
            population=_number(population, origin, int) or 0,
            source="countries.tsv",
        )
        yield entry, (iso3,) if iso3 else ()


def _read_places(path: Path) -> Iterator[KBEntry]:
    for origin, (kb_id, kind, name, name_en, aliases, country, lat, lon, geonames_id, population, capital) in _tsv_rows(
        path, PLACE_COLUMNS
    ):
        yield KBEntry(
            kb_id=kb_id,
            type="GPE",
            name=name,
            name_en=name_en or None,
            kind=kind,
            aliases=tuple(aliases.split("|")) if aliases else (),
            country=country or None,
            lat=_number(lat, origin, float),
            lon=_number(lon, origin, float),
            geonames_id=_number(geonames_id, origin, int),
            geo_precision="admin1" if kind == "region" else "city",
            population=_number(population, origin, int) or 0,
            source="places.tsv",
            capital=capital == "1",
        )


# ---------------------------------------------------------------------------------------------
# entry files: actor tables and user extensions


@dataclasses.dataclass
class EntryRow:
    """One entry as a file gives it: field → value, with where each came from."""

    origin: str  # "file:line" of the entry
    values: dict[str, Any]
    origins: dict[str, str]  # field → "file:line" of its value (YAML values may sit on other lines)

    def where(self, name: str) -> str:
        return self.origins.get(name, self.origin)


def read_entry_file(path: Path) -> list[EntryRow]:
    """The entries of a YAML, CSV or TSV file; ``KnowledgeBaseError`` (file and line) if malformed."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv", ".tsv"):
        raise KnowledgeBaseError("a knowledge-base file must be .yaml, .yml, .csv or .tsv", origin=str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise KnowledgeBaseError(f"cannot read the knowledge-base file: {error.strerror}", origin=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KnowledgeBaseError("not UTF-8 text", origin=f"{path}:{line}") from None
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, text)
    return _read_delimited(path, text, "\t" if suffix == ".tsv" else ",")


def _read_delimited(path: Path, text: str, delimiter: str) -> list[EntryRow]:
    stream = io.StringIO(text, newline="")
    if delimiter == "\t":  # TSV: no quoting, a quote character is text
        reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    else:
        reader = csv.reader(stream, delimiter=",", quoting=csv.QUOTE_MINIMAL, strict=True)
    header: list[str] | None = None
    rows: list[EntryRow] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                _check_header(header, f"{path}:{line}")
                continue
            if len(cells) != len(header):
                message = f"{len(cells)} fields where the header has {len(header)}"
                raise KnowledgeBaseError(message, origin=f"{path}:{line}")
            values: dict[str, Any] = {}
            for name, value in zip(header, cells, strict=True):
                value = value.strip()
                values[name] = [a.strip() for a in value.split("|") if a.strip()] if name == "aliases" else value
            rows.append(EntryRow(f"{path}:{line}", values, {}))
    except csv.Error as error:
        raise KnowledgeBaseError(f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {error}",
                                 origin=f"{path}:{reader.line_num}") from None
    return rows


def _check_header(header: list[str], origin: str) -> None:
    unknown = [name for name in header if name not in ENTRY_FIELDS]
    if unknown:
        raise KnowledgeBaseError(f"unknown column(s) {', '.join(unknown)}; the columns are {' '.join(ENTRY_FIELDS)}",
                                 origin=origin)
    missing = [name for name in REQUIRED_FIELDS if name not in header]
    if missing:
        raise KnowledgeBaseError(f"the header lacks {', '.join(missing)}", origin=origin)
    if len(set(header)) != len(header):
        raise KnowledgeBaseError("a column is named twice", origin=origin)


def _read_yaml(path: Path, text: str) -> list[EntryRow]:
    import yaml  # only extension files need PyYAML

    def where(node: yaml.Node) -> str:
        return f"{path}:{node.start_mark.line + 1}"

    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as error:  # the reader refuses control characters before any parsing
        at = text[: getattr(error, "position", 0)].count("\n") + 1
        raise KnowledgeBaseError(f"malformed YAML: {error}", origin=f"{path}:{at}") from None
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = f":{mark.line + 1}" if mark is not None else ""
            raise KnowledgeBaseError(f"malformed YAML: {error.problem or error}", origin=f"{path}{line}") from None
        except yaml.YAMLError as error:
            raise KnowledgeBaseError(f"malformed YAML: {error}", origin=str(path)) from None
        if root is None:
            return []
        if not isinstance(root, yaml.SequenceNode):
            raise KnowledgeBaseError("the file must be a list of entries (mappings)", origin=where(root))
        rows = []
        for item in root.value:
            if not isinstance(item, yaml.MappingNode):
                raise KnowledgeBaseError("an entry must be a mapping of field: value", origin=where(item))
            values: dict[str, Any] = {}
            origins: dict[str, str] = {}
            for key_node, value_node in item.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise KnowledgeBaseError("a field name must be a plain word", origin=where(key_node))
                name = str(key_node.value).strip().lower()
                if name not in ENTRY_FIELDS:
                    raise KnowledgeBaseError(f"unknown field {name!r}; the fields are {' '.join(ENTRY_FIELDS)}",
                                             origin=where(key_node))
                if name in values:
                    raise KnowledgeBaseError(f"the field {name!r} is given twice", origin=where(key_node))
                try:
                    value = loader.construct_object(value_node, deep=True)
                except yaml.YAMLError as error:
                    raise KnowledgeBaseError(f"malformed YAML value: {error}", origin=where(value_node)) from None
                values[name] = _yaml_value(name, value, where(value_node))
                origins[name] = where(value_node)
            rows.append(EntryRow(where(item), values, origins))
        return rows
    finally:
        loader.dispose()


def _yaml_value(name: str, value: Any, origin: str) -> Any:
    if name == "aliases":
        if value is None:
            return []
        if isinstance(value, str):
            return [a.strip() for a in value.split("|") if a.strip()]
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            raise KnowledgeBaseError("aliases must be a list of names", origin=origin)
        return [a.strip() for a in value if a.strip()]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    raise KnowledgeBaseError(f"the field {name!r} must be a single value, not a {type(value).__name__}", origin=origin)


# ---------------------------------------------------------------------------------------------
# rows → entries


def _row_id(row: EntryRow) -> str:
    """The id a row's entry gets (validation happens in ``_entry_from_row``)."""
    kb_id = str(row.values.get("kb_id") or "").strip()
    qid = str(row.values.get("qid") or "").strip()
    if kb_id or qid:
        return kb_id or qid
    name = str(row.values.get("name") or "").strip()
    kind = str(row.values.get("type") or "").strip().upper()
    try:
        return make_kb_id(name, kind) if name and kind else ""
    except ValueError:
        return ""


def _entry_from_row(
    row: EntryRow, *, overrides: KBEntry | None, common: bool
) -> tuple[KBEntry, list[str], list[str]]:
    """(entry, names kept but not indexed, warnings naming file and line) of a row;
    ``overrides``: the entry it replaces."""
    given = _validated(row, overrides)
    kb_id = _row_id(row)
    if overrides is not None:
        entry = dataclasses.replace(overrides, **given)
    else:
        given.setdefault("source", Path(row.origin.rsplit(":", 1)[0]).name)
        entry = KBEntry(kb_id=kb_id, **given)
    keep_as_is = set(overrides.names) if overrides is not None else set()
    notes: list[str] = []
    aliases: list[str] = []
    seen: set[str] = set()
    unindexed: list[str] = []
    for position, alias in enumerate(entry.names):
        key, cut_key = filters.alias_keys(alias)
        if key in seen:
            continue
        reason = None if alias in keep_as_is else filters.refusal_of_keys(key, cut_key, common=common)
        if reason is not None:
            if position == 0:
                notes.append(f"{row.where('name')}: the name {alias!r} of {entry.kb_id} is refused: {reason}; "
                             "the entry is kept but will not match by its name")
            else:
                notes.append(f"{row.where('aliases')}: the alias {alias!r} of {entry.kb_id} is refused: {reason}")
            if position == 0:
                unindexed.append(alias)
            continue
        seen.add(key)
        if position:
            aliases.append(alias)
    if tuple(aliases) != entry.aliases:
        entry = dataclasses.replace(entry, aliases=tuple(aliases))
    return entry, unindexed, notes


def _validated(row: EntryRow, known: KBEntry | None) -> dict[str, Any]:
    """The KBEntry fields a row gives (non-empty), checked; ``KnowledgeBaseError`` otherwise."""
    values = row.values
    given: dict[str, Any] = {}

    def text(name: str) -> str:
        return str(values.get(name) or "").strip()

    for name in REQUIRED_FIELDS:
        if not text(name) and known is None:
            raise KnowledgeBaseError(f"the entry has no {name}", origin=row.where(name))
    if text("type"):
        kind = text("type").upper()
        if kind not in ENTITY_TYPES:
            raise KnowledgeBaseError(f"type {text('type')!r} is not one of {' '.join(sorted(ENTITY_TYPES))}",
                                     origin=row.where("type"))
        given["type"] = kind
    if text("name"):
        given["name"] = text("name")
    qid = text("qid")
    if qid and not is_qid(qid):
        raise KnowledgeBaseError(f"qid {qid!r} is not a Wikidata id (Q followed by digits)", origin=row.where("qid"))
    kb_id = text("kb_id")
    if kb_id and qid and kb_id != qid:
        raise KnowledgeBaseError(f"kb_id {kb_id!r} and qid {qid!r} disagree", origin=row.where("kb_id"))
    if kb_id and any(c.isspace() for c in kb_id):
        raise KnowledgeBaseError(f"kb_id {kb_id!r} contains white space", origin=row.where("kb_id"))
    for name in ("kind", "name_en"):
        if text(name):
            given[name] = text(name)
    if values.get("aliases"):
        given["aliases"] = tuple(values["aliases"])
    country = text("country").upper()
    if country:
        if not _COUNTRY_CODE.fullmatch(country):
            raise KnowledgeBaseError(f"country {text('country')!r} is not an ISO 3166-1 alpha-2 code",
                                     origin=row.where("country"))
        given["country"] = country
    for name, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        if text(name):
            try:
                number = float(text(name))
            except ValueError:
                number = math.nan
            if not low <= number <= high:
                raise KnowledgeBaseError(f"{name} {text(name)!r} is not a number from {low:g} to {high:g}",
                                         origin=row.where(name))
            given[name] = number
    if ("lat" in given) != ("lon" in given) and known is None:
        raise KnowledgeBaseError("lat and lon go together: give both or neither", origin=row.origin)
    for name in ("geonames_id", "population"):
        if text(name):
            if not text(name).isdigit():
                raise KnowledgeBaseError(f"{name} {text(name)!r} is not a whole number", origin=row.where(name))
            given[name] = int(text(name))
    precision = text("geo_precision").lower()
    if precision:
        if precision not in GEO_PRECISIONS:
            raise KnowledgeBaseError(f"geo_precision {precision!r} is not one of {' '.join(sorted(GEO_PRECISIONS))}",
                                     origin=row.where("geo_precision"))
        given["geo_precision"] = precision
    capital = text("capital").lower()
    if capital not in _TRUE and capital not in _FALSE:
        raise KnowledgeBaseError(f"capital {text('capital')!r} is not yes or no", origin=row.where("capital"))
    if capital:
        given["capital"] = capital in _TRUE
    if known is None and "geo_precision" not in given and "lat" in given:
        given["geo_precision"] = "point"
    return given

