"""SVG bar charts drawn on the server (no chart library, no script): a timeline of counts by
month, optionally stacked by a category (event type)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: one colour per PLOVER type (others fall back to grey); the legend repeats them
PALETTE = {
    "ASSAULT": "#c0392b", "FIGHT": "#e67e22", "COERCE": "#8e44ad", "PROTEST": "#2980b9", "MOBILIZE": "#16a085",
    "THREATEN": "#d35400", "DEMAND": "#2c3e50", "CONSULT": "#27ae60", "AGREE": "#1abc9c", "SUPPORT": "#3498db",
    "AID": "#2ecc71", "RETREAT": "#7f8c8d", "REJECT": "#9b59b6", "ACCUSE": "#e74c3c", "SANCTION": "#34495e",
    "CRIME": "#795548", "DISAPPROVE": "#607d8b", "REQUEST": "#95a5a6",
}


def colour(category: str) -> str:
    return PALETTE.get(category, "#999999")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # tooltip text (SVG <title>)


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # x, month label
    maximum: int
    legend: list[tuple[str, str]]  # category, colour


def timeline(counts: Mapping[str, Mapping[str, int]], *, width: int = 720, height: int = 180) -> Chart:
    """Stacked bars: ``counts[month][category]``; months sorted, gaps in between kept empty."""
    months = _month_range(sorted(counts))
    top = max((sum(counts.get(m, {}).values()) for m in months), default=0)
    plot_h = height - 24
    step = width / max(len(months), 1)
    bars: list[Bar] = []
    ticks: list[tuple[float, str]] = []
    every = max(1, len(months) // 12)
    categories: set[str] = set()
    for i, month in enumerate(months):
        y: float = plot_h
        for category, n in sorted(counts.get(month, {}).items()):
            if n <= 0:
                continue
            h = plot_h * n / top if top else 0
            y -= h
            bar_w = min(max(step - 2, 1), 60)
            bars.append(Bar(i * step + (step - bar_w) / 2, y, bar_w, h, colour(category), f"{month} {category}: {n}"))
            categories.add(category)
        if i % every == 0:
            ticks.append((i * step + step / 2, month))
    legend = [(c, colour(c)) for c in sorted(categories)]
    return Chart(width, height, bars, ticks, top, legend)


def _month_range(months: list[str]) -> list[str]:
    valid = [m for m in months if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit()]
    if not valid:
        return months
    year, month = int(valid[0][:4]), int(valid[0][5:])
    end = (int(valid[-1][:4]), int(valid[-1][5:]))
    out: list[str] = []
    while (year, month) <= end and len(out) < 600:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out
