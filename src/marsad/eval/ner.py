"""Scoring named-entity mentions against a CoNLL file, through marsad's own pipeline path.

The CoNLL tokens are joined by single spaces (sentences by line breaks) into one text; that
text is split into sentences and tokens by marsad's own steps and tagged; the gold token spans
become character spans of the same text, so predicted and gold mentions are compared as
character offsets.

Conventions (the same ones the tagger follows when it makes a mention):

* PERS is PER. PER, LOC and ORG are scored; MISC is reported apart and left out of the overall
  figure.
* A mention never holds a punctuation token: a gold mention with one inside (جان - بيار) counts
  as the pieces either side of it, and punctuation characters at a mention's edges are trimmed.
* ANERcorp-style gold tags whole tokens, clitics included (وبالعراق), while marsad's mentions
  leave attached proclitics out (العراق). A predicted span matches a gold one when the types and
  the ends are equal and the start is the gold token's start or the start after a proclitic
  stack of it (و ف ب ك ل and their combinations, لل), so بلير matches whether the tagger keeps
  the ب or not. Nothing else is lenient: a mention one token too long or short is wrong.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from marsad.arabic import normalize_word, split_sentences, tokenize
from marsad.document import Document, Mention, Token
from marsad.errors import InputError, InputNotFound

__all__ = [
    "SCORED_TYPES",
    "ConllText",
    "GoldMention",
    "NerReport",
    "TypeScore",
    "conll_text",
    "dev_split",
    "evaluate_ner",
    "format_report",
    "gold_pieces",
    "read_conll",
    "score_mentions",
    "token_labels",
]

SCORED_TYPES = ("PER", "LOC", "ORG")
REPORTED_TYPES = (*SCORED_TYPES, "MISC")
_TYPE_NAMES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC", "GPE": "LOC"}

# normalised proclitic stacks a mention may leave out: conjunction, then preposition or لل
_PROCLITIC_STACKS = frozenset(
    conj + prep for conj in ("", "و", "ف") for prep in ("", "ب", "ك", "ل", "لل") if conj + prep
)

Sentence = list[tuple[str, str]]


class Tagger(Protocol):
    def tag(self, doc: Document) -> list[Mention]: ...


# --- reading -------------------------------------------------------------------------------


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL file: ``token TAG`` a line (the tag last), blank lines between.

    Lines with a token and no tag read as ``O``; ``-DOCSTART-`` lines are skipped.
    """
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"no such CoNLL file: {path}", origin=str(path))
    sentences: list[Sentence] = []
    current: Sentence = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.split()
            if not parts:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if parts[0] == "-DOCSTART-":
                continue
            if len(parts) == 1:
                current.append((parts[0], "O"))
                continue
            tag = parts[-1]
            if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
                raise InputError(f"line {number}: tag {tag!r} is not O, B-TYPE or I-TYPE", origin=str(path))
            current.extend((word, tag) for word in parts[:-1])
    if current:
        sentences.append(current)
    return sentences


def dev_split(sentences: Sequence[Sentence], fraction: float = 0.1) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev): the dev part is the LAST ``fraction`` of the sentences, rounded."""
    n_dev = round(len(sentences) * fraction)
    cut = len(sentences) - n_dev
    return list(sentences[:cut]), list(sentences[cut:])


# --- gold as character spans ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A gold mention as a character span of the rebuilt text (whole tokens, clitics included)."""

    start: int
    end: int
    type: str


@dataclass(slots=True)
class ConllText:
    text: str
    sentences: list[tuple[int, int]]
    gold: list[GoldMention]


def conll_text(sentences: Sequence[Sentence]) -> ConllText:
    """The text the CoNLL tokens spell (tokens joined by spaces, sentences by line breaks) and
    the gold mentions (IOB2, lenient: an I- tag after O or another type opens a mention)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    gold: list[GoldMention] = []
    pos = 0
    for sentence in sentences:
        if parts:
            parts.append("\n")
            pos += 1
        sentence_start = pos
        open_start = open_end = -1
        open_type = ""
        for index, (word, tag) in enumerate(sentence):
            if index:
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(word)
            parts.append(word)
            pos = end
            kind = _TYPE_NAMES.get(tag[2:], tag[2:]) if tag != "O" else ""
            if tag.startswith("I-") and kind == open_type:
                open_end = end
                continue
            if open_type:
                gold.append(GoldMention(open_start, open_end, open_type))
            open_type, open_start, open_end = (kind, start, end) if kind else ("", -1, -1)
        if open_type:
            gold.append(GoldMention(open_start, open_end, open_type))
        spans.append((sentence_start, pos))
    return ConllText("".join(parts), spans, gold)


def _is_punctuation(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c)[0] in "PS" for c in text)


def _is_punctuation_token(token: Token) -> bool:
    return _is_punctuation(token.text)


def gold_pieces(tokens: Sequence[Token], starts: Sequence[int], gold: GoldMention) -> list[list[int]]:
    """Indices of ``tokens`` inside a gold mention, in runs that punctuation tokens split."""
    first = bisect.bisect_left(starts, gold.start)
    if first and tokens[first - 1].end > gold.start:
        first -= 1  # a token that starts before the gold span but overlaps it (rare)
    pieces: list[list[int]] = []
    run: list[int] = []
    i = first
    while i < len(tokens) and tokens[i].start < gold.end:
        if _is_punctuation_token(tokens[i]):
            if run:
                pieces.append(run)
                run = []
        else:
            run.append(i)
        i += 1
    if run:
        pieces.append(run)
    return pieces


def token_labels(tokens: Sequence[Token], gold: Iterable[GoldMention]) -> list[str]:
    """IOB2 labels of ``tokens`` (for training on marsad's own token boundaries)."""
    labels = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for mention in gold:
        for piece in gold_pieces(tokens, starts, mention):
            labels[piece[0]] = "B-" + mention.type
            for i in piece[1:]:
                labels[i] = "I-" + mention.type
    return labels


def _edge_trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (_is_punctuation(text[start]) or text[start].isspace()):
        start += 1
    while end > start and (_is_punctuation(text[end - 1]) or text[end - 1].isspace()):
        end -= 1
    return start, end


def _allowed_starts(word: str, start: int) -> set[int]:
    """The token start and every start after a proclitic stack that leaves two letters or more."""
    allowed = {start}
    for cut in range(1, min(len(word) - 1, 5)):
        if normalize_word(word[:cut]) in _PROCLITIC_STACKS and len(normalize_word(word[cut:])) >= 2:
            allowed.add(start + cut)
    return allowed


@dataclass(frozen=True, slots=True)
class _GoldTarget:
    allowed: frozenset[int]
    end: int
    type: str


def _gold_targets(text: str, tokens: Sequence[Token], gold: Iterable[GoldMention]) -> list[_GoldTarget]:
    starts = [t.start for t in tokens]
    targets: list[_GoldTarget] = []
    for mention in gold:
        for piece in gold_pieces(tokens, starts, mention):
            first = tokens[piece[0]]
            start = max(first.start, mention.start)
            start, end = _edge_trim(text, start, min(tokens[piece[-1]].end, mention.end))
            if start < end:
                targets.append(_GoldTarget(frozenset(_allowed_starts(text[start:end], start)), end, mention.type))
    return targets


# --- scoring -------------------------------------------------------------------------------


@dataclass(slots=True)
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: TypeScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass(slots=True)
class NerReport:
    """Exact-span scores per type; ``overall`` is the micro average over PER, LOC and ORG."""

    per_type: dict[str, TypeScore] = field(default_factory=dict)
    sentences: int = 0
    tokens: int = 0
    source: str = ""

    @property
    def overall(self) -> TypeScore:
        total = TypeScore()
        for name in SCORED_TYPES:
            total.add(self.per_type.get(name, TypeScore()))
        return total

    def to_dict(self) -> dict[str, object]:
        rows = {name: self.per_type.get(name, TypeScore()) for name in REPORTED_TYPES}
        rows_out = {
            name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                   "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for name, s in rows.items()
        }
        o = self.overall
        return {"source": self.source, "sentences": self.sentences, "tokens": self.tokens, "types": rows_out,
                "overall": {"precision": round(o.precision, 4), "recall": round(o.recall, 4), "f1": round(o.f1, 4)}}


def score_mentions(
    text: str, tokens: Sequence[Token], gold: Iterable[GoldMention], predicted: Iterable[Mention]
) -> dict[str, TypeScore]:
    """Per-type counts; each gold mention matches at most one prediction (see module docstring)."""
    open_targets: dict[tuple[int, str], list[_GoldTarget]] = {}
    scores: dict[str, TypeScore] = {name: TypeScore() for name in REPORTED_TYPES}
    for target in _gold_targets(text, tokens, gold):
        open_targets.setdefault((target.end, target.type), []).append(target)
        scores.setdefault(target.type, TypeScore()).fn += 1
    for mention in predicted:
        score = scores.setdefault(mention.type, TypeScore())
        candidates = open_targets.get((mention.end, mention.type), [])
        hit = next((t for t in candidates if mention.start in t.allowed), None)
        if hit is None:
            score.fp += 1
        else:
            candidates.remove(hit)
            score.tp += 1
            score.fn -= 1
    return scores


def prepare_document(text: str) -> Document:
    """A document with marsad's sentences and tokens, as the pipeline's first steps make them."""
    doc = Document(text)
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text)
    return doc


def evaluate_sentences(sentences: Sequence[Sentence], tagger: Tagger, *, source: str = "") -> NerReport:
    """Score ``tagger`` on gold sentences (see ``evaluate_ner``)."""
    rebuilt = conll_text(sentences)
    doc = prepare_document(rebuilt.text)
    predicted = tagger.tag(doc)
    report = NerReport(sentences=len(sentences), tokens=sum(len(s) for s in sentences), source=source)
    report.per_type = score_mentions(rebuilt.text, doc.tokens, rebuilt.gold, predicted)
    return report


def evaluate_ner(conll_path: Path, tagger: Tagger, *, dev_only: bool) -> NerReport:
    """Exact-span precision, recall and F1 of ``tagger`` against a CoNLL file.

    ``dev_only`` scores only the file's last 10% of sentences (the dev part ``dev_split``
    holds out of training); otherwise the whole file is scored.
    """
    sentences = read_conll(Path(conll_path))
    if dev_only:
        sentences = dev_split(sentences)[1]
    label = f"{conll_path}" + (" (dev: last 10% of sentences)" if dev_only else "")
    return evaluate_sentences(sentences, tagger, source=label)


def format_report(report: NerReport, *, title: str = "NER") -> str:
    """A plain-text table: one row per type, then the PER/LOC/ORG micro average."""
    lines = [f"{title}: {report.source}" if report.source else title,
             f"{report.sentences} sentences, {report.tokens} tokens",
             f"{'type':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
    for name in REPORTED_TYPES:
        s = report.per_type.get(name, TypeScore())
        lines.append(f"{name:<10}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp + s.fn:>7}{s.tp + s.fp:>7}")
    o = report.overall
    lines.append(f"{'PER+LOC+ORG':<10}{o.precision:>8.3f}{o.recall:>8.3f}{o.f1:>8.3f}{o.tp + o.fn:>7}{o.tp + o.fp:>7}")
    lines.append("(MISC is reported apart: not in the overall figure)")
    return "\n".join(lines)
