"""Who decided: a reviewer's stable identity and the display name kept as given.

A decision is credited to an agent IRI, with the display name as its ``rdfs:label``:

* acting with a token (the web UI, the HTTP API), the agent is the *token*:
  ``…/org/reviewer/token-<token id>``. Token names are unique, so one agent has one name,
  and two people are two agents whatever their names ("Анна Петрова" and "李雷" stay apart);
* named without a token (the CLI's ``--reviewer``), the agent is derived from the whole
  name, NFC-normalised and percent-encoded: ``…/org/reviewer/name/Anna%20…``, losslessly.

Data written before this scheme used a lowercase ASCII slug of the name
(``…/reviewer/alice-example``, every non-Latin name ``…/reviewer/anonymous``). Those
decisions keep their agent and its label(s); where several names once shared a slug, the
agent carries each of them and the display shows one (see docs/operations.md).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from ontology.namespaces import ORG


class Actor(str):
    """A reviewer's display name (Unicode, as given) that also carries its stable identity,
    the id of the token it acts with. It *is* the name wherever a name is shown or stored as
    a label; :func:`reviewer_iri` reads its :attr:`key`.

    >>> who = Actor("  Анна Петрова ", key="token-1a2b3c4d")
    >>> str(who), who.key
    ('Анна Петрова', 'token-1a2b3c4d')
    """

    key: str | None

    def __new__(cls, name: str, key: str | None = None) -> Actor:
        actor = super().__new__(cls, unicodedata.normalize("NFC", name.strip()))
        actor.key = key
        return actor

    @classmethod
    def of_token(cls, token_id: str, name: str) -> Actor:
        """The identity of whoever acts with token ``token_id`` named ``name``."""
        return cls(name, key=f"token-{token_id}")


def stripped(who: str) -> str:
    """``who`` without surrounding blanks, keeping an :class:`Actor`'s identity."""
    return who if isinstance(who, Actor) else who.strip()


def reviewer_iri(who: str) -> URIRef:
    """The agent IRI of a reviewer: its token's where it has one, else one made from the
    whole name (never a lossy slug).

    >>> reviewer_iri(Actor("李雷", key="token-0000abcd")).rsplit("/", 1)[-1]
    'token-0000abcd'
    >>> reviewer_iri("alice example").rsplit("/", 2)[-2:]
    ['name', 'alice%20example']
    """
    key = getattr(who, "key", None)
    if key:
        return URIRef(f"{ORG}reviewer/{quote(key, safe='')}")
    name = unicodedata.normalize("NFC", who.strip()) or "anonymous"
    return URIRef(f"{ORG}reviewer/name/{quote(name, safe='')}")
