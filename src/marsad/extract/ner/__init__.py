"""Statistical named-entity recognition for Arabic news, trained by marsad itself, offline.

``NerTagger.load().tag(doc)`` gives PER/LOC/ORG/MISC ``Mention`` objects; ``ner_step`` is the
pipeline step ``ner.v1``; ``train_ner`` rebuilds the committed model (``marsad train ner``).
"""

from __future__ import annotations

from marsad.extract.ner.tagger import BY, MODEL_DIR, NerTagger, ner_step
from marsad.extract.ner.train import train_ner

__all__ = ["BY", "MODEL_DIR", "NerTagger", "ner_step", "train_ner"]
