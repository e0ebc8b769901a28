"""Regex alternations written as tries, for long word lists that a scanner tries at every word.

Python's ``re`` tries the branches of ``a|b|c`` one after another; a list of a hundred month
spellings tried at every word start is slow. ``trie_pattern`` writes the same language as a
trie (one branch per distinct next character), so a non-matching word costs a character or
two. Keys are *folded* (``marsad.ingest.months.fold``: hamza forms → ا, ى → ي, ة → ه): each
folded letter matches all its spellings, a space matches any run of whitespace and tatweel may
sit between letters. Longer keys win over their prefixes (optional branches are greedy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CLASSES = {"ا": "[اأإآٱ]", "ي": "[يىی]", "ه": "[هة]", " ": r"\s+"}

_Trie = dict[str, "_Trie"]


def trie_pattern(keys: Iterable[str]) -> str:
    """A regex (no groups) matching exactly the folded ``keys`` in any spelling; "(?!)" when empty."""
    trie: _Trie = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = []
        optional = False
        for char in sorted(node):
            if char == "":
                optional = True
                continue
            atom = _CLASSES.get(char, re.escape(char))
            tail = emit(node[char])
            branches.append(atom + ("ـ?" if char != " " and tail else "") + tail)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    pattern = emit(trie)
    return f"(?:{pattern})" if pattern else "(?!)"
