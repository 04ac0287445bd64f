"""The verification prompt: its template, version and hash, and the schema of the answer.

Changing the wording means a new :data:`TEMPLATE_VERSION`; the hash is taken over the text
itself, so a cached verdict is never reused for a prompt it was not made with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

TEMPLATE_VERSION = "verify-1"

SYSTEM = (
    "You check whether passages from an organisation's own documents show that it meets one "
    "requirement of an AI management system. You judge only what the passages say. You never "
    "invent text: a quote is copied character for character from one passage."
)

USER = """Requirement {notation}: {label}
What it asks: {definition}
Typical evidence: {evidence}

Passages:
{passages}

Does a passage show the organisation meets this requirement?
Answer with a JSON object:
- "verdict": "supports", "partly" or "does_not_support";
- "passage": the number of the passage that shows it best;
- "quote": one sentence copied exactly from that passage;
- "reason": one short line saying why."""

TEMPLATE_HASH = hashlib.sha256(f"{SYSTEM}\n{USER}".encode()).hexdigest()

VERDICTS = ("supports", "partly", "does_not_support")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "verdict": {"type": "string", "enum": list(VERDICTS)},
        "passage": {"type": "integer"},
        # bounded, so a small model cannot ramble past the token limit inside a string
        "quote": {"type": "string", "maxLength": 300},
        "reason": {"type": "string", "maxLength": 200},
    },
    "required": ["verdict", "passage", "quote", "reason"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class RequirementBrief:
    """What the model is told about the requirement (the project's own words)."""

    notation: str
    label: str
    definition: str
    evidence: str

    def text(self) -> str:
        return "\n".join((self.notation, self.label, self.definition, self.evidence))


def messages(
    requirement: RequirementBrief, passages: list[str], *, max_chars: int
) -> list[dict[str, str]]:
    """The chat messages for one link: the requirement and its passages, numbered from 1.

    Each passage is cut to ``max_chars`` (a prefix, so a quote found in what the model saw
    is at the same offsets in the whole passage).
    """
    numbered = "\n\n".join(
        f"[{n}] {_clip(text, max_chars)}" for n, text in enumerate(passages, start=1)
    )
    user = USER.format(
        notation=requirement.notation,
        label=requirement.label,
        definition=requirement.definition or "(none recorded)",
        evidence=requirement.evidence or "(none recorded)",
        passages=numbered,
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " …"
