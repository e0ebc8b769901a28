"""The offline world map: country outlines from the npm package ``world-atlas``
(``countries-110m.json``, TopoJSON, installed into ``node_modules`` by ``npm ci``), decoded here
into SVG paths in an equirectangular projection (x = lon + 180, y = 90 - lat; 360 × 180 units).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

ATLAS = "world-atlas/countries-110m.json"


def node_modules() -> Path | None:
    """Where ``npm ci`` put the assets: ``MARSAD_NODE_MODULES``, the checkout's root, or the
    current directory."""
    here = Path(__file__).resolve()
    candidates = [os.environ.get("MARSAD_NODE_MODULES"), here.parents[4] / "node_modules", Path.cwd() / "node_modules"]
    for candidate in candidates:
        if candidate and (Path(candidate) / ATLAS).is_file():
            return Path(candidate)
    return None


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    transform = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        points: list[tuple[float, float]] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        coords = " ".join(f"{lon + 180:.1f},{90 - lat:.1f}" for lon, lat in ring)
        parts.append(f"M{coords}Z")
    return "".join(parts)


@lru_cache(maxsize=1)
def country_paths() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country; empty when world-atlas is not installed."""
    root = node_modules()
    if root is None:
        return ()
    topo = json.loads((root / ATLAS).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    out: list[tuple[str, str]] = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = str((geometry.get("properties") or {}).get("name", ""))
        if geometry["type"] == "Polygon":
            rings = [_ring(arcs, r) for r in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            rings = [_ring(arcs, r) for polygon in geometry["arcs"] for r in polygon]
        else:
            continue
        if path := _path(rings):
            out.append((name, path))
    return tuple(out)


@lru_cache(maxsize=1)
def countries_svg() -> Markup:
    """The country outlines as one SVG ``<g>``, built once (names escaped)."""
    paths = "".join(f'<path d="{d}"><title>{escape(name)}</title></path>' for name, d in country_paths())
    return Markup(f'<g class="countries">{paths}</g>')


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon + 180, 90 - lat


def viewbox(points: list[tuple[float, float]], pad: float = 8.0) -> str:
    """An SVG viewBox around the projected ``points`` (the whole world when none), at least
    40 × 20 units, in the 2:1 shape of the map."""
    if not points:
        return "0 0 360 180"
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    width = max(x1 - x0, 2 * (y1 - y0), 40.0)
    height = width / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(cx - width / 2, 0.0), max(360 - width, 0.0))
    y = min(max(cy - height / 2, 0.0), max(180 - height, 0.0))
    return f"{x:.1f} {y:.1f} {width:.1f} {height:.1f}"
