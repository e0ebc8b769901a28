"""Typed settings, read from ``MARSAD_*`` environment variables (see docs/settings.md)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from marsad.errors import ConfigError


class Settings(BaseSettings):
    """marsad's settings. Every field is documented in docs/settings.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="MARSAD_", extra="ignore")

    max_input_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1,
        description="Largest input file or stdin stream accepted, in bytes; larger inputs are refused.",
    )
    max_article_chars: int = Field(
        default=500_000,
        ge=1,
        description="Longest clean article text analysed, in characters; longer articles are refused.",
    )
    min_arabic_ratio: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="Smallest share of Arabic letters among all letters for an article to count as Arabic.",
    )
    kb_files: str = Field(
        default="",
        description="Comma-separated knowledge-base extension files (YAML, CSV, TSV) loaded on top of the bundled KB.",
    )
    pipeline: str = Field(
        default="",
        description="Comma-separated step names to run instead of the default pipeline (empty: default).",
    )
    dedup: bool = Field(
        default=True,
        description="Link exact and near-duplicate articles to their first copy (meta.duplicate_of), unanalysed.",
    )
    dedup_threshold: float = Field(
        default=0.5,
        gt=0.0,
        le=1.0,
        description="Estimated Jaccard similarity of word 3-shingles from which two articles count as near-duplicates.",
    )
    doc_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Seconds one input may take in `marsad process` (and one article in `marsad analyze`/`ingest`); "
                    "a slower one is recorded as failed (`timeout`).",
    )
    user_agent: str = Field(
        default="marsad/{version} (Arabic news research crawler)",
        description="User-Agent sent by `marsad fetch` and `marsad watch`; name yourself and a contact.",
    )
    fetch_timeout: float = Field(
        default=20.0,
        gt=0,
        description="Seconds a fetch may take in all (connect, wait and read); a slower page is skipped.",
    )
    fetch_delay: float = Field(
        default=2.0,
        ge=0,
        description="Least seconds between two requests to the same host (robots.txt Crawl-delay may raise it).",
    )
    fetch_backoff: float = Field(
        default=1.0,
        ge=0,
        description="Seconds before the first retry; each further retry waits twice as long (capped at 60 s).",
    )
    fetch_retries: int = Field(
        default=3,
        ge=0,
        description="Retries after HTTP 429/5xx or a network error, with exponential backoff (Retry-After honoured).",
    )
    api_tokens: str = Field(
        default="",
        description="Comma-separated bearer tokens accepted by the HTTP API for writes (and reads when required).",
    )
    api_read_token_required: bool = Field(
        default=False,
        description="Whether the HTTP API's read routes also need a bearer token from MARSAD_API_TOKENS.",
    )
    api_max_body_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=1,
        description="Largest HTTP API request body accepted, in bytes; larger requests get 413.",
    )
    api_cache_seconds: float = Field(
        default=30.0,
        ge=0,
        description="Seconds a read answer of the HTTP API stays fresh in its cache (0: no cache).",
    )
    database_url: str = Field(
        default="",
        description="Where the store lives: an SQLite file path or a postgresql:// URL (empty: ./marsad.db).",
    )


    @property
    def api_token_list(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.api_tokens.split(",") if t.strip())

    @property
    def kb_file_list(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.kb_files.split(",") if p.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once; tests build ``Settings(...)`` directly)."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "MARSAD_" + str(first["loc"][0]).upper() if first["loc"] else "a MARSAD_ variable"
        raise ConfigError(f"{name} is invalid: {first['msg']}; fix it or unset it (see docs/settings.md)") from None
