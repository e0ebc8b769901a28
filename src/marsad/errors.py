"""Every error marsad raises on purpose, each with a message that says what to do.

The CLI maps ``exit_code`` to its process exit status and prints ``str(error)`` as one line;
the HTTP API (later) will map ``code`` and ``http_status`` to one JSON error shape.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: ``code`` is a stable machine-readable name, ``exit_code`` the CLI status."""

    code = "marsad_error"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, origin: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.origin = origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}" if self.origin else self.message

    def to_dict(self) -> dict[str, str | None]:
        """The one JSON error shape used by the CLI's ``--errors json`` and the API."""
        return {"error": self.code, "message": self.message, "origin": self.origin}


class ConfigError(MarsadError):
    code = "config_error"
    exit_code = 78  # EX_CONFIG
    http_status = 500


class PipelineError(MarsadError):
    """A pipeline cannot be built: unknown step, or a step's requirements are not met."""

    code = "pipeline_error"
    exit_code = 70  # EX_SOFTWARE
    http_status = 500


class InputError(MarsadError):
    """An input cannot be analysed. Subclasses name the reason."""

    code = "input_error"
    exit_code = 65  # EX_DATAERR
    http_status = 422


class InputNotFound(InputError):
    code = "input_not_found"
    exit_code = 66  # EX_NOINPUT
    http_status = 404


class EmptyInput(InputError):
    code = "empty_input"


class BinaryInput(InputError):
    code = "binary_input"
    http_status = 415


class InputTooLarge(InputError):
    code = "input_too_large"
    http_status = 413


class DecodingError(InputError):
    code = "decoding_error"


class UnsupportedFormat(InputError):
    code = "unsupported_format"
    http_status = 415


class NoArticleBody(InputError):
    code = "no_article_body"


class FetchError(InputError):
    """A page or feed could not be fetched (network, HTTP status, robots.txt, size or time limit)."""

    code = "fetch_error"
    http_status = 502


class DocumentTimeout(InputError):
    """One input took longer than ``MARSAD_DOC_TIMEOUT`` to analyse; it is skipped, the others go on."""

    code = "timeout"
    http_status = 422


class NotArabic(InputError):
    code = "not_arabic"

    def __init__(self, message: str, *, language: str | None = None, origin: str | None = None) -> None:
        super().__init__(message, origin=origin)
        self.language = language


class SpanError(MarsadError):
    """A span does not point at the text it claims: always a bug in the step named."""

    code = "span_error"
    exit_code = 70


class KnowledgeBaseError(MarsadError):
    """A knowledge-base file (bundled or given with ``--kb``) is malformed; names file and line."""

    code = "knowledge_base_error"
    exit_code = 65
    http_status = 500


class ModelError(MarsadError):
    """A trained model file is missing or broken; names the file and how to retrain it."""

    code = "model_error"
    exit_code = 70
    http_status = 500


class StoreError(MarsadError):
    """The store cannot be opened or written: not a marsad database, a newer schema, a lost
    connection, a failed write. Says which database and what to do."""

    code = "store_error"
    exit_code = 74  # EX_IOERR
    http_status = 503
