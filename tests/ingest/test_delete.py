"""Deleting a document: graph, audit tombstones, vectors and files, on a real store and model.

Each test builds its own small world: the reference loaded into an embedded store, the
fixture policy ingested (and its new version where the test needs a revision chain),
evidence suggested with the bundled model into a real FAISS index, one link confirmed.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import URIRef

from ingest.artefacts import passage_iri
from ingest.deletion import delete_document
from ingest.documents import get_document, list_documents
from ingest.errors import DocumentNotFoundError
from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, IngestResult, ingest_path
from mapping.evidence.history import decision_history
from mapping.evidence.propagation import propagate_evidence
from mapping.evidence.review import decide
from mapping.evidence.revisions import carry_over_revision
from mapping.evidence.suggest import list_suggestions, suggest_for_artefacts
from mapping.record.audit_log import audit_log
from mapping.retrieval.index import VectorIndex
from ontology.namespaces import AUDIT_GRAPH, ORG_GRAPH
from ontology.query_files import load_query
from ontology.store import EmbeddedStore, GraphStore
from tests.api.shared_model import shared_embedder
from tests.conftest import copy_reference
from tests.ingest.conftest import FIXTURES
from tests.ingest.test_docs import DOC

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@dataclass
class World:
    store: EmbeddedStore
    originals: OriginalStore
    index: VectorIndex
    policy: IngestResult
    confirmed: str

    def ingest(self, name: str, **fields: str) -> IngestResult:
        options = IngestOptions(parse_timeout_s=None, **fields)  # type: ignore[arg-type]
        result = ingest_path(self.store, self.originals, FIXTURES / name, options=options)
        suggest_for_artefacts(self.store, self.index, shared_embedder(), [result.artefact_id])
        return result

    def delete(self, document: str) -> dict[str, object]:
        return delete_document(
            self.store, self.originals, document, index=self.index, propagate=propagate_evidence
        )

    def count(self, graph: URIRef, subject: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ <{subject}> ?p ?o }} }}"
        return int(str(self.store.select(query)[0]["n"]))


@pytest.fixture
def world(tmp_path: Path, reference_template: Path) -> World:
    store = copy_reference(reference_template, tmp_path / "store")
    originals = OriginalStore(tmp_path / "originals")
    index = VectorIndex.open(tmp_path / "vectors", shared_embedder().dimension)
    partial = World(store, originals, index, None, "")  # type: ignore[arg-type]
    policy = partial.ingest("policy.md")
    link = list_suggestions(store, document=policy.artefact_id)[0]["id"]
    decide(store, link, "confirm", "Alice Admin")
    return World(store, originals, index, policy, link)


def _passage_iris(result: IngestResult) -> list[str]:
    return [str(passage_iri(result.artefact_id, p.ordinal)) for p in result.passages]


def _org_mentions(world: World, artefact_id: str) -> int:
    query = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ORG_GRAPH}> {{ ?s ?p ?o
        FILTER(CONTAINS(STR(?s), "/artefact/{artefact_id}")
               || CONTAINS(STR(?o), "/artefact/{artefact_id}")) }} }}"""
    return int(str(world.store.select(query)[0]["n"]))


def test_delete_removes_graph_vectors_and_files(world: World) -> None:
    doc_id, sha = world.policy.artefact_id, get_document(world.store, world.policy.artefact_id)
    passages = _passage_iris(world.policy)
    assert all(p in world.index for p in passages)
    links = list_suggestions(world.store, document=doc_id)

    removed = world.delete(doc_id.upper() + " ")

    assert removed["id"] == doc_id and removed["passages"] == len(passages)
    assert removed["links"] == len(links) and removed["supports"] > 0
    assert removed["vectors"] == len(passages) and removed["original_removed"] is True
    assert removed["tombstoned_links"] == 1
    assert _org_mentions(world, doc_id) == 0
    assert list_suggestions(world.store, document=doc_id) == []
    assert list_documents(world.store) == []
    assert not any(p in world.index for p in passages)
    reopened = VectorIndex.open(world.index.directory, world.index.dimension)
    assert not any(p in reopened for p in passages)
    assert not world.originals.has(sha["sha256"])
    assert list(world.originals.directory.iterdir()) == []


def test_audit_is_kept_and_tombstoned(world: World) -> None:
    doc_id = world.policy.artefact_id
    assert [d["type"] for d in decision_history(world.store, world.confirmed)] == ["confirm"]
    link_iri = f"https://w3id.org/aimsgraph/org/link/{world.confirmed}"
    trail = load_query("mapping", "review_decisions", link=URIRef(link_iri))
    before = world.store.select(trail)
    assert len(before) == 1
    audit_before = world.store.count(AUDIT_GRAPH)

    gone_events = {str(r["decision"]) for r in before}
    world.delete(doc_id)

    assert world.store.select(trail) == before  # the decision, its reviewer and time
    assert [d["type"] for d in decision_history(world.store, world.confirmed)] == ["confirm"]
    assert world.store.count(AUDIT_GRAPH) > audit_before
    rows = world.store.select(f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX aims: <https://w3id.org/aimsgraph/ns#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?gone ?id ?requirement ?artefact ?title ?sha WHERE {{
          GRAPH <{AUDIT_GRAPH}> {{
            <{link_iri}> prov:invalidatedAtTime ?gone .
            ?snapshot prov:specializationOf <{link_iri}> ; dct:identifier ?id ;
                      aims:requirement ?requirement ; aims:evidenceArtefact ?artefact .
            ?artefact prov:invalidatedAtTime ?gone .
            ?tomb prov:specializationOf ?artefact ; dct:title ?title ; aims:sha256 ?sha .
          }}
        }}""")
    assert len(rows) == 1
    assert str(rows[0]["id"]) == world.confirmed
    assert str(rows[0]["artefact"]).endswith(doc_id)
    assert str(rows[0]["requirement"]).startswith("https://w3id.org/aimsgraph/std/")
    assert str(rows[0]["title"]) == world.policy.title
    [event] = [e for e in audit_log(world.store, kind="decision").events if e.event in gone_events]
    assert (event.link, event.document, event.title) == (
        world.confirmed,
        doc_id,
        world.policy.title,
    )
    assert str(rows[0]["requirement"]).endswith(f"/{event.standard}/{event.notation}")
    documented = re.search(r"```SPARQL\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert documented is not None
    answered = world.store.select(documented.group(1))
    assert [str(r["link"]) for r in answered] == [link_iri]


def test_reingesting_the_same_file_works_without_duplicates(world: World) -> None:
    doc_id = world.policy.artefact_id
    suggested = {s["id"] for s in list_suggestions(world.store, document=doc_id)}
    world.delete(doc_id)

    again = world.ingest("policy.md")

    assert again.artefact_id == doc_id and again.status == "new"
    assert [d["id"] for d in list_documents(world.store)] == [doc_id]
    rows = list_suggestions(world.store, document=doc_id)
    ids = {r["id"] for r in rows}
    assert len(rows) == len(ids) and ids <= suggested and world.confirmed in ids
    assert {r["status"] for r in rows} == {"suggested"}  # a fresh start, nothing decided
    assert world.originals.has(get_document(world.store, doc_id)["sha256"])
    assert all(p in world.index for p in _passage_iris(again))


def test_revision_chain_keeps_the_other_versions(world: World) -> None:
    old_id = world.policy.artefact_id
    new = world.ingest("policy-v2.md", revision_of=old_id)
    carried = carry_over_revision(world.store, str(new.artefact_iri))
    assert carried.carried_over or carried.needs_review
    assert get_document(world.store, new.artefact_id)["revision_of"] == old_id
    new_sha = get_document(world.store, new.artefact_id)["sha256"]

    removed = world.delete(old_id)

    assert removed["superseded_by"] == new.artefact_id
    kept = get_document(world.store, new.artefact_id)
    assert kept["passages"] == len(new.passages) and world.originals.has(new_sha)
    dangling = world.store.select(f"""SELECT ?s ?p WHERE {{ GRAPH <{ORG_GRAPH}> {{ ?s ?p ?o
        FILTER(CONTAINS(STR(?o), "/{old_id}")) }} }}""")
    predicates = {str(r["p"]).rsplit("#", 1)[-1] for r in dangling}
    assert predicates == {"wasRevisionOf", "wasDerivedFrom"}  # version and passage lineage
    assert all(f"/{old_id}" not in str(r["s"]) for r in dangling)
    assert removed["tombstoned_links"] >= 1
    assert world.count(AUDIT_GRAPH, f"https://w3id.org/aimsgraph/org/artefact/{old_id}") == 1
    assert list_suggestions(world.store, document=new.artefact_id)

    world.delete(new.artefact_id)
    assert list_documents(world.store) == []


@pytest.mark.parametrize("bad", ["x'); DROP", 'ab"cd>', "0123", "", "zzzzzzzzzzzz"])
def test_malformed_ids_are_refused_clearly(world: World, bad: str) -> None:
    for call in (get_document, lambda s, i: delete_document(s, world.originals, i)):
        with pytest.raises(DocumentNotFoundError) as caught:
            call(world.store, bad)
        assert "12 lowercase hex" in caught.value.message
    assert [d["id"] for d in list_documents(world.store)] == [world.policy.artefact_id]


def test_unknown_id_names_close_matches(world: World) -> None:
    doc_id = world.policy.artefact_id
    near = doc_id[:-1] + ("0" if doc_id[-1] != "0" else "1")
    with pytest.raises(DocumentNotFoundError) as caught:
        delete_document(world.store, world.originals, near)
    assert caught.value.suggestions == [doc_id]
    assert world.originals.has(get_document(world.store, doc_id)["sha256"])


def test_cli_asks_then_deletes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from api.cli import cli

    data = ["--data-dir", str(tmp_path / "data")]
    runner = CliRunner()
    ingested = runner.invoke(
        cli, [*data, "ingest", "--no-suggest", "--format", "json", str(FIXTURES / "policy.md")]
    )
    doc_id = json.loads(ingested.stdout)[0]["id"]

    refused = runner.invoke(cli, [*data, "documents", "delete", doc_id], input="n\n")
    assert refused.exit_code != 0 and "Delete " + doc_id in refused.stderr
    listed = runner.invoke(cli, [*data, "documents", "--format", "json"])
    assert [d["id"] for d in json.loads(listed.stdout)] == [doc_id]

    done = runner.invoke(cli, [*data, "documents", "delete", doc_id, "--yes"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["id"] == doc_id and report["passages"] > 0 and report["original_removed"]
    listed = runner.invoke(cli, [*data, "documents", "--format", "json"])
    assert json.loads(listed.stdout) == []

    again = runner.invoke(cli, [*data, "documents", "delete", doc_id, "--yes"])
    assert isinstance(again.exception, DocumentNotFoundError)


def test_revision_of_with_a_malformed_id_is_refused_clearly(world: World) -> None:
    with pytest.raises(DocumentNotFoundError) as caught:
        world.ingest("policy-v2.md", revision_of="x> } ; DROP ALL ; #")
    assert "12 lowercase hex" in caught.value.message
    assert [d["id"] for d in list_documents(world.store)] == [world.policy.artefact_id]


def test_delete_on_both_store_backends(
    store: GraphStore, originals: OriginalStore, options: IngestOptions
) -> None:
    """One update request deletes the document on the embedded and on a remote store."""
    kept = ingest_path(store, originals, FIXTURES / "policy.txt", options=options)
    gone = ingest_path(store, originals, FIXTURES / "policy.md", options=options)

    removed = delete_document(store, originals, gone.artefact_id)

    assert removed["passages"] == len(gone.passages) and removed["vectors"] is None
    assert [d["id"] for d in list_documents(store)] == [kept.artefact_id]
    assert store.count(AUDIT_GRAPH) == 8  # the IRI's time; snapshot: type, 5 facts, time
    assert sorted(originals.digests()) == [get_document(store, kept.artefact_id)["sha256"]]
