"""What clients send: request bodies and the closed vocabularies of query parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Closed vocabularies from marsad.document/1 (tests check them against the schema).
QuoteKind = Literal["direct", "indirect", "mixed"]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE", "DEMAND",
    "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
    "CRIME",
]
Modality = Literal["asserted", "claimed", "planned", "threatened", "called_for", "denied", "hypothetical", "negated"]
Reference = Literal["current", "background"]
EventSort = Literal["-date", "date", "-dead", "dead", "-published", "published", "type"]

NO_NUL = r"^[^\x00]*$"  # text parameters: any characters but NUL (PostgreSQL refuses it)


class DocumentIn(BaseModel):
    """One article to analyse and store: its ``text`` or its page's ``html`` (exactly one).

    Given metadata wins over what the text or page shows.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "text": "بيروت - قال وزير الداخلية اللبناني أمس إن قوى الأمن اعتقلت خمسة أشخاص في طرابلس.",
            "title": "اعتقالات في طرابلس", "published": "2026-03-02", "outlet": "النهار",
        }]},
    )

    text: str | None = Field(default=None, min_length=1, pattern=NO_NUL,
                             description="The article as plain text (scraper debris is cleaned off).")
    html: str | None = Field(default=None, min_length=1, pattern=NO_NUL,
                             description="The article's web page; the body is extracted from it.")
    title: str | None = Field(default=None, max_length=1000, pattern=NO_NUL, description="Headline.")
    url: str | None = Field(default=None, max_length=2048, pattern=NO_NUL,
                            description="Where the article was published (part of its id).")
    published: str | None = Field(default=None, max_length=100, pattern=NO_NUL,
                                  description="Publication date, ideally YYYY-MM-DD; anchors relative dates.")
    outlet: str | None = Field(default=None, max_length=200, pattern=NO_NUL, description="The news outlet.")

    @model_validator(mode="after")
    def _one_body(self) -> DocumentIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` and `html`")
        return self
