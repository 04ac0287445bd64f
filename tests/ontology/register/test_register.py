"""The AI-system register through the real embedded store: create, edit, import, export."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from ontology.errors import ConflictError, NotFoundError, RegisterInputError
from ontology.namespaces import ORG_GRAPH
from ontology.register.inventory import export_inventory, import_inventory
from ontology.register.systems import (
    aims_scope,
    create_system,
    delete_system,
    get_system,
    list_systems,
    save_systems,
    update_system,
)
from ontology.store import EmbeddedStore

HIRERANK = {
    "name": "HireRank",
    "aliases": "hire-rank; CV screener",
    "purpose": "Rank job applications for recruiters",
    "domain": "employment",
    "affected_persons": "job applicants",
    "lifecycle_stage": "operation",
    "owner": "Head of HR",
    "roles": "provider; deployer",
    "risk_class": "high-risk-annex-iii",
}


def test_create_then_read_back_every_field(store: EmbeddedStore) -> None:
    created = create_system(store, HIRERANK)
    assert created.id == "hirerank"
    again = get_system(store, "hirerank")
    assert again.roles == ["provider", "deployer"]
    assert again.aliases == ["CV screener", "hire-rank"]
    assert again.affected_persons == ["job applicants"]
    assert (again.purpose, again.domain, again.owner) == (
        HIRERANK["purpose"],
        "employment",
        "Head of HR",
    )
    assert again.lifecycle_stage == "operation" and again.high_risk and again.in_scope
    typed = store.ask(
        "ASK { GRAPH ?g { <https://w3id.org/aimsgraph/org/system/hirerank> a <https://w3id.org/airo#AISystem> } }"
    )
    assert not typed  # aligned by owl:equivalentClass in the vocabulary, not asserted twice


def test_duplicate_id_is_a_conflict(store: EmbeddedStore) -> None:
    create_system(store, HIRERANK)
    with pytest.raises(ConflictError, match="exists"):
        create_system(store, HIRERANK)


def test_bad_fields_are_all_named_and_nothing_written(store: EmbeddedStore) -> None:
    before = store.count(ORG_GRAPH)
    with pytest.raises(RegisterInputError) as caught:
        create_system(
            store, {"name": "X", "risk_class": "scary", "roles": "owner", "colour": "red"}
        )
    fields = {p["field"] for p in caught.value.problems}
    assert fields == {"risk_class", "roles", "colour"}
    assert "high-risk-annex-iii" in caught.value.message or len(caught.value.problems) == 3
    assert store.count(ORG_GRAPH) == before


def test_edit_changes_only_what_is_given_and_scope_follows(store: EmbeddedStore) -> None:
    create_system(store, HIRERANK)
    create_system(store, {"name": "Chat helper", "roles": "deployer", "risk_class": "limited"})
    edited = update_system(store, "hirerank", {"in_scope": "no", "owner": "CHRO"})
    assert edited.owner == "CHRO" and edited.purpose == HIRERANK["purpose"]
    assert [s.id for s in aims_scope(store)] == ["chat-helper"]
    with pytest.raises(RegisterInputError):
        update_system(store, "hirerank", {"lifecycle_stage": "limbo"})
    assert get_system(store, "hirerank").lifecycle_stage == "operation"


def test_unknown_system_suggests_close_ids(store: EmbeddedStore) -> None:
    create_system(store, HIRERANK)
    with pytest.raises(NotFoundError) as caught:
        get_system(store, "hirerenk")
    assert caught.value.suggestions == ["hirerank"]
    delete_system(store, "hirerank")
    assert list_systems(store) == []


CSV = (
    "name,roles,risk_class,purpose,in_scope\n"
    "HireRank,provider,high-risk-annex-iii,screening,yes\n"
    "Chat helper,deployer,limited,answers staff questions,no\n"
)


def test_csv_import_then_export_round_trips(store: EmbeddedStore) -> None:
    result = import_inventory(store, CSV.encode(), "csv")
    assert result.created == ["hirerank", "chat-helper"] and result.updated == []
    again = import_inventory(store, export_inventory(store, "csv"), "csv")
    assert sorted(again.unchanged) == ["chat-helper", "hirerank"]
    assert again.created == [] and again.updated == []
    assert not get_system(store, "chat-helper").in_scope


def test_an_import_rewrites_only_the_rows_that_change(store: EmbeddedStore) -> None:
    import_inventory(store, CSV.encode(), "csv")
    kept = {s.id: s for s in list_systems(store)}
    earlier = "2020-01-01T00:00:00+00:00"  # a time no write of this test can give
    for system in kept.values():
        system.modified = earlier
    save_systems(store, list(kept.values()))
    changed = CSV.replace("answers staff questions", "answers HR questions")
    result = import_inventory(store, changed.encode(), "csv")
    assert (result.created, result.updated, result.unchanged) == ([], ["chat-helper"], ["hirerank"])
    after = {s.id: s for s in list_systems(store)}
    assert after["hirerank"].modified == earlier  # not rewritten
    assert after["chat-helper"].modified != earlier
    assert after["chat-helper"].purpose == "answers HR questions"


def test_bad_rows_are_reported_by_row_and_nothing_is_imported(store: EmbeddedStore) -> None:
    text = CSV + "Broken,king,minimal\n,provider,minimal\nHireRank,provider,minimal\n"
    with pytest.raises(RegisterInputError) as caught:
        import_inventory(store, text.encode(), "csv")
    rows = sorted((p["row"], p["field"]) for p in caught.value.problems)
    assert rows == [(3, "roles"), (4, "name"), (5, "id")]
    assert list_systems(store) == []


def test_xlsx_import_and_export(store: EmbeddedStore) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Roles", "Risk class", "Affected persons"])
    sheet.append(["=HYPERLINK(1)", "provider", "gpai", "developers; the public"])
    buffer = io.BytesIO()
    book.save(buffer)
    import_inventory(store, buffer.getvalue(), "xlsx")
    [system] = list_systems(store)
    assert system.affected_persons == ["developers", "the public"]
    out = load_workbook(io.BytesIO(export_inventory(store, "xlsx")))
    cells = [c.value for c in next(out.worksheets[0].iter_rows(min_row=2))]
    assert cells[1] == "=HYPERLINK(1)"  # kept as text, never a formula
    assert out.worksheets[0].cell(2, 2).data_type == "s"


def test_not_a_workbook_is_a_clear_error(store: EmbeddedStore) -> None:
    with pytest.raises(RegisterInputError, match="XLSX"):
        import_inventory(store, b"not a zip", "xlsx")
    with pytest.raises(RegisterInputError, match="name"):
        import_inventory(store, b"title,roles\nx,provider\n", "csv")
