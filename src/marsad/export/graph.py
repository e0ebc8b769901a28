"""GraphML of the entity network for Gephi: co-occurrence and quotes.

Nodes are entities across the exported articles (keyed by kb_id, else ``<doc_id>#<entity id>``),
with name, English name, type, kind, coordinates and the number of documents naming them.
Edges: ``cooccurrence`` between two entities named in the same sentence (weight: how many
sentences), and ``quote`` from a speaker to each entity named inside what they said (weight: how
many quotes). Written with lxml; Gephi, networkx and igraph read it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from lxml import etree

from marsad.export.tables import entity_key

NS = "http://graphml.graphdrawing.org/xmlns"
_NODE_KEYS = (("name", "string"), ("name_en", "string"), ("type", "string"), ("kind", "string"),
              ("lat", "double"), ("lon", "double"), ("documents", "int"))
_EDGE_KEYS = (("kind", "string"), ("weight", "double"))


def _sentence_index(sentences: list[list[int]], offset: int) -> int:
    for i, (start, end) in enumerate(sentences):
        if start <= offset < end:
            return i
    return -1


def build_graph(records: Iterable[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], Counter[tuple[str, str, str]]]:
    nodes: dict[str, dict[str, Any]] = {}
    edges: Counter[tuple[str, str, str]] = Counter()
    for record in records:
        sentences = record.get("sentences") or []
        keys: dict[str, str] = {}
        by_sentence: dict[int, set[str]] = {}
        spans: list[tuple[int, int, str]] = []
        for entity in record.get("entities") or []:
            key = entity_key(record, entity)
            keys[str(entity["id"])] = key
            geo = entity.get("geo") or {}
            node = nodes.setdefault(key, {"name": entity.get("name"), "name_en": entity.get("name_en"),
                                          "type": entity.get("type"), "kind": entity.get("kind"),
                                          "lat": geo.get("lat"), "lon": geo.get("lon"), "documents": 0})
            node["documents"] += 1
            for mention in entity.get("mentions") or []:
                by_sentence.setdefault(_sentence_index(sentences, int(mention["start"])), set()).add(key)
                spans.append((int(mention["start"]), int(mention["end"]), key))
        for members in by_sentence.values():
            for a, b in combinations(sorted(members), 2):
                edges[(a, b, "cooccurrence")] += 1
        for quote in record.get("quotes") or []:
            speaker = keys.get(str((quote.get("speaker") or {}).get("entity")))
            content = quote.get("content") or {}
            if speaker is None or "start" not in content:
                continue
            inside = {key for start, end, key in spans if content["start"] <= start and end <= content["end"]}
            for key in inside - {speaker}:
                edges[(speaker, key, "quote")] += 1
    return nodes, edges


def write_graphml(records: Iterable[dict[str, Any]], path: Path) -> tuple[int, int]:
    """Write the network to ``path``; returns (nodes, edges)."""
    nodes, edges = build_graph(records)
    root = etree.Element(f"{{{NS}}}graphml", nsmap={None: NS})
    for name, kind in _NODE_KEYS:
        etree.SubElement(root, f"{{{NS}}}key", id=f"n_{name}", attrib={"for": "node", "attr.name": name,
                                                                      "attr.type": kind})
    for name, kind in _EDGE_KEYS:
        etree.SubElement(root, f"{{{NS}}}key", id=f"e_{name}", attrib={"for": "edge", "attr.name": name,
                                                                      "attr.type": kind})
    graph = etree.SubElement(root, f"{{{NS}}}graph", id="marsad", edgedefault="directed")
    for key, attrs in nodes.items():
        node = etree.SubElement(graph, f"{{{NS}}}node", id=key)
        for name, _ in _NODE_KEYS:
            if attrs.get(name) is not None:
                etree.SubElement(node, f"{{{NS}}}data", key=f"n_{name}").text = str(attrs[name])
    for number, ((source, target, kind), weight) in enumerate(sorted(edges.items())):
        edge = etree.SubElement(graph, f"{{{NS}}}edge", id=f"e{number}", source=source, target=target,
                                directed="false" if kind == "cooccurrence" else "true")
        etree.SubElement(edge, f"{{{NS}}}data", key="e_kind").text = kind
        etree.SubElement(edge, f"{{{NS}}}data", key="e_weight").text = str(float(weight))
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return len(nodes), len(edges)
