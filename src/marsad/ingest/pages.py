"""One fetched or archived web page (bytes plus what the transport said) to a checked article."""

from __future__ import annotations

from marsad.errors import InputError
from marsad.ingest.article import Article
from marsad.ingest.checks import check_article
from marsad.ingest.encoding import _codec_name, decode_with_warnings, sniff_html_charset
from marsad.ingest.html import extract_html
from marsad.settings import Settings


def page_article(data: bytes, *, url: str | None, origin: str, settings: Settings,
                 http_charset: str | None = None) -> Article | InputError:
    """The article of an HTML page, or the ``InputError`` that stopped it (never raised).

    The charset the HTTP header gives and the one the page's ``<meta>`` declares are both only
    claims: the bytes decide (see ``marsad.ingest.encoding``), and a disagreement is a warning.
    """
    try:
        meta_charset = sniff_html_charset(data)
        warnings: list[str] = []
        if http_charset and meta_charset and _codec_name(http_charset) != _codec_name(meta_charset):
            warnings.append(f"the server says charset {http_charset} but the page declares {meta_charset}")
        decoded = decode_with_warnings(data, declared=http_charset or meta_charset, origin=origin)
        article = extract_html(decoded.text, url=url, origin=origin)
        article.meta.warnings[:0] = [*warnings, *decoded.warnings]
        return check_article(article, settings)
    except InputError as exc:
        exc.origin = exc.origin or origin
        return exc
    except Exception as exc:  # one page's surprise must not stop a crawl
        return InputError(f"could not read this page ({type(exc).__name__}: {exc}); please report it", origin=origin)
