"""marsad's web service: the JSON API (``/api``) and, later, the web UI. ``marsad serve`` runs it."""

from __future__ import annotations

from marsad.web.app import create_app

__all__ = ["create_app"]
