"""``kb.v1``: knowledge-base alias matches over the tokens, as candidate mentions.

Each longest alias match (``KnowledgeBase.match_tokens``) becomes a ``Mention`` of the entry's
type whose ``kb_ids`` lists every entry sharing that alias (best first: the KB sorts them by
population). The span starts after the proclitics of its first token (لداعش → داعش,
وبالعراق → العراق) and leaves out punctuation at either edge. A match inside Latin text (an
English sentence quoted in the article) is skipped: the KB's Latin aliases (ISIS) are meant for
acronyms standing in Arabic text, not for English prose.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.arabic import strip_clitics
from marsad.document import Document, Mention, Token
from marsad.extract.entities import lexicon as lx
from marsad.extract.entities._kb import get_kb
from marsad.extract.entities._text import (
    core_start,
    doc_tokens,
    has_tanwin_fath,
    is_definite,
    is_latin,
    is_punct,
    key_in,
    proclitic,
    raw_word,
    trim_span,
)
from marsad.kb.model import KBMatch, KnowledgeBase

BY = "kb.v1"


def _in_latin_text(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Whether a match sits among Latin words (a neighbour on either side is Latin)."""
    neighbours = []
    if first > 0:
        neighbours.append(tokens[first - 1])
    if last < len(tokens):
        neighbours.append(tokens[last])
    return any(not is_punct(t) and is_latin(t.text) for t in neighbours)


def _adjective_position(tokens: Sequence[Token], i: int) -> bool:
    """A definite word right after a definite noun is that noun's adjective (القنابل المسيلة)."""
    token = tokens[i]
    if i == 0 or not is_definite(token) or proclitic(token):
        return False
    before = tokens[i - 1]
    if is_punct(before) or not is_definite(before):
        return False
    return before.norm not in lx.SHORT_FORMS and before.norm not in lx.GPE_DESIGNATORS


_NOT_NAMES = (lx.STOP, lx.SHORT_FORMS, lx.DEFINITE_ORG_HEADS, lx.ORG_DESIGNATORS, lx.TITLES, lx.REPORTING_VERBS)


def _common_word(token: Token) -> bool:
    """A word no place or actor is named by alone: a function word, a short form or designator
    (السلطات، الحكومة), an accusative adverb (حكماً)."""
    if has_tanwin_fath(token) or raw_word(token) in lx.RAW_STOP:
        return True
    return any(key_in(token, table) for table in _NOT_NAMES)


def kb_mentions(doc: Document, kb: KnowledgeBase) -> list[Mention]:
    """Candidate mentions for every knowledge-base alias found in ``doc``'s tokens."""
    tokens = doc_tokens(doc)
    out: list[Mention] = []
    text = doc.text
    known: frozenset[str] | None = getattr(kb, "known", None)
    match: KBMatch
    for match in kb.match_tokens(tokens):
        first, last = match.first, match.last
        while first < last and is_punct(tokens[first]):
            first += 1
        while last > first and is_punct(tokens[last - 1]):
            last -= 1
        if first >= last or not match.entries:
            continue
        if is_latin(text[tokens[first].start : tokens[last - 1].end]) and _in_latin_text(tokens, first, last):
            continue
        head = tokens[first]
        if known is not None and head.prefix:
            proclitics = getattr(kb, "proclitics", None)  # cached by a KnowledgeBase
            prefix = proclitics(head.text) if proclitics is not None else strip_clitics(head.text, known=known)[0]
        else:
            prefix = head.prefix
        start, end = trim_span(text, core_start(head, prefix), tokens[last - 1].end)
        if start >= end:
            continue
        best = match.entries[0]
        if last - first == 1 and (_adjective_position(tokens, first) or _common_word(tokens[first])):
            continue  # القنابل المسيلة، الأزمة المالية: a definite adjective, not the town
        confidence = 1.0 if len(match.entries) == 1 else 0.8
        out.append(
            Mention(start, end, text[start:end], best.type, "name", BY, confidence,
                    tuple(e.kb_id for e in match.entries))
        )
    return out


def kb_mentions_step(doc: Document, kb: KnowledgeBase | None = None) -> None:
    """Add the knowledge base's alias matches to ``doc.mentions`` (nothing when no KB exists)."""
    kb = kb if kb is not None else get_kb()
    if kb is None:
        return
    doc.mentions.extend(kb_mentions(doc, kb))
