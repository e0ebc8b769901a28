"""Precision, recall and F1 from counts: what the event and time scorers share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Tally:
    """``matched`` items out of ``gold`` gold items and ``predicted`` predicted ones."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
