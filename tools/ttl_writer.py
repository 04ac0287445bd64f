"""Small helpers the reference build scripts share: read a fact CSV, write stable Turtle.

The build scripts write Turtle by hand (not through rdflib's serializer) so that the
committed files keep the printed order of the standard, read well in a diff and change only
where the data changes. Literals are escaped by rdflib, so the output always parses.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

ROOT = Path(__file__).resolve().parent.parent
SHARED_REFERENCE = (ROOT / ".." / "shared" / "reference").resolve()
OUT_DIR = ROOT / "ontology" / "reference"

PREFIXES = """\
@prefix aims: <https://w3id.org/aimsgraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def read_fact_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a ``../shared/reference`` CSV, skipping its ``#`` provenance header lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def text(value: str) -> str:
    """An English language-tagged literal in Turtle syntax."""
    return Literal(value, lang="en").n3()


def plain(value: str) -> str:
    """A plain string literal in Turtle syntax."""
    return Literal(value).n3()


def integer(value: int) -> str:
    return str(int(value))


def date(value: str) -> str:
    """An ``xsd:date`` literal (``YYYY-MM-DD``)."""
    return Literal(value, datatype=XSD.date).n3().replace(f"<{XSD}date>", "xsd:date")


def iri(value: str) -> str:
    return URIRef(value).n3()


def subject_block(subject: str, types: Sequence[str], props: Iterable[tuple[str, str]]) -> str:
    """One Turtle subject block: ``subject a T1, T2 ; p o ; ... .`` with one pair per line."""
    lines = [f"{iri(subject)} a {', '.join(types)}"]
    lines.extend(f"    {predicate} {obj}" for predicate, obj in props)
    return " ;\n".join(lines) + " .\n"


def comment_block(lines: Iterable[str]) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def run_build(
    description: str, build: Callable[[Path], str], out_name: str, argv: list[str] | None
) -> int:
    """Common command line: ``--reference DIR`` for the CSVs, ``--check`` to verify only.

    ``build`` takes the reference directory and returns the Turtle text.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--reference",
        type=Path,
        default=SHARED_REFERENCE,
        help="folder holding the fact CSVs (default ../shared/reference)",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR / out_name, help="Turtle file to write")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the committed file differs from a fresh build",
    )
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder {args.reference} not found; pass --reference DIR", file=sys.stderr)
        return 2
    content = build(args.reference)
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == content
        print(f"{args.out}: {'up to date' if same else 'STALE, rebuild it'}")
        return 0 if same else 1
    args.out.write_text(content, encoding="utf-8")
    print(f"wrote {args.out} ({content.count(chr(10))} lines)")
    return 0


ISO_KINDS = {  # CSV kind -> (class, aims:kind); 27001 calls its Annex A groups themes
    "clause": ("aims:Clause", "clause"),
    "objective": ("aims:ControlObjective", "objective"),
    "theme": ("aims:ControlObjective", "objective"),
    "control": ("aims:Control", "control"),
}


def iso_parent_notation(notation: str) -> str | None:
    """``4.1`` -> ``4``, ``6.1.2`` -> ``6.1``, ``A.6.2.4`` -> ``A.6.2``; top items have none."""
    parts = notation.split(".")
    minimum = 2 if notation.startswith("A.") else 1
    return ".".join(parts[:-1]) if len(parts) > minimum else None


def iso_requirement_block(
    scheme: str,
    row: dict[str, str],
    order: int,
    texts: dict[str, tuple[str, str]],
    doc_info: dict[str, tuple[str, str]],
) -> str:
    """The Turtle block of one clause, objective/theme or control of an ISO standard."""
    notation = row["ref_id"]
    cls, kind = ISO_KINDS[row["kind"]]
    definition, evidence = texts[notation]
    props = [
        ("skos:notation", plain(notation)),
        ("skos:prefLabel", text(row["title"])),
        ("skos:definition", text(definition)),
        ("aims:typicalEvidence", text(evidence)),
        ("aims:kind", plain(kind)),
        ("aims:order", integer(order)),
        ("skos:inScheme", iri(scheme)),
    ]
    parent = iso_parent_notation(notation)
    if parent is None:
        props.append(("skos:topConceptOf", iri(scheme)))
    else:
        props.append(("skos:broader", iri(f"{scheme}/{parent}")))
    if notation in doc_info:
        what, mode = doc_info[notation]
        props += [
            ("aims:requiresDocumentedInformation", "true"),
            ("aims:documentedInformation", plain(what)),
            ("aims:documentedInformationMode", plain(mode)),
        ]
    return subject_block(f"{scheme}/{notation}", [cls], props)
