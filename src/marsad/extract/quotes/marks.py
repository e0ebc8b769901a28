"""Quotation marks paired per paragraph with a stack.

« » and “ ” have distinct opening and closing marks; ASCII " (and ” used on both sides)
toggles: it closes the innermost open " and opens one otherwise. Single marks ‘ ’ pair the
same way; an ASCII ' is only a mark at a word edge (so that transliterations such as
Qur'an keep theirs). Pairing never crosses a line break: a mark left open at the end of a
paragraph opens a quotation that runs to the paragraph's end (``closed`` False), which is the
normal way to write a quote that continues in the next paragraph, and a warning otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile("[«»“”\"‘’'\n]")
_CLOSE_FOR = {"«": "»", "“": "”", "‘": "’"}
_OPEN_FOR = {close: open_ for open_, close in _CLOSE_FOR.items()}
_TOGGLES = frozenset("\"'")


@dataclass(frozen=True, slots=True)
class Pair:
    """A quotation: ``open`` is the index of the opening mark, ``close`` of the closing one (or
    the paragraph end when ``closed`` is False); ``depth`` 0 for outermost quotations."""

    open: int
    close: int
    depth: int
    closed: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _is_word_edge_quote(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalpha() and after.isalpha())


def _closing_shape(text: str, i: int) -> bool:
    """A mark right after a word, followed by a space, punctuation or the end: كلام"."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isalnum() or before in ".!?؟…)") and not after.isalnum()


def _stray_opener(text: str, i: int) -> bool:
    """A closing-shaped mark with nothing open, written before a space and a word (إن" قوات ...):
    an opening mark typed with the wrong spacing."""
    return text[i + 1:i + 2] == " " and text[i + 2:i + 3].isalpha()


def pair_marks(text: str, start: int = 0, end: int | None = None) -> tuple[list[Pair], list[str]]:
    """Pairs of quotation marks in ``text[start:end]``, outermost first by position, and
    warnings about marks that could not be paired."""
    end = len(text) if end is None else end
    pairs: list[Pair] = []
    warnings: list[str] = []
    stack: list[tuple[str, int]] = []

    def flush(para_end: int) -> None:
        if stack:
            first = stack[0][1]
            continued = text[para_end:end].lstrip()[:1] == stack[0][0]
            if not continued or len(stack) > 1:
                warnings.append(f"quotation mark at {first} is never closed; its quote ends with the paragraph")
            pairs.append(Pair(first, para_end, 0, closed=False))
            for depth, (_, pos) in enumerate(stack[1:], 1):
                pairs.append(Pair(pos, para_end, depth, closed=False))
            stack.clear()

    for match in _MARKS.finditer(text, start, end):
        char = match.group()
        i = match.start()
        if char == "\n":
            flush(i)
            continue
        if char == "'" and not _is_word_edge_quote(text, i):
            continue
        if char in _CLOSE_FOR:
            stack.append((char, i))
        elif char in _TOGGLES or (char == "”" and not any(c == "“" for c, _ in stack)):
            if stack and stack[-1][0] == char:
                _, pos = stack.pop()
                pairs.append(Pair(pos, i, len(stack)))
            elif _closing_shape(text, i) and not _stray_opener(text, i):
                warnings.append(f"closing quotation mark at {i} has no opening mark")
            else:
                stack.append((char, i))
        else:  # a distinct closing mark: » ” ’
            opener = _OPEN_FOR[char]
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if depth is None:
                warnings.append(f"closing quotation mark at {i} has no opening mark")
                continue
            if depth != len(stack) - 1:
                warnings.append(f"quotation marks at {stack[depth + 1][1]} are not closed before {i}")
            pos = stack[depth][1]
            del stack[depth:]
            pairs.append(Pair(pos, i, depth))
    flush(end)
    pairs.sort(key=lambda p: p.open)
    return pairs, warnings
