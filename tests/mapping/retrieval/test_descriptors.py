"""Descriptors come from the reference graph, for each standard."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.errors import UnknownRequirementError, UnknownStandardError
from mapping.retrieval.descriptors import find_descriptor, load_descriptors
from tests.conftest import copy_reference


@pytest.fixture
def reference_store(tmp_path: Path, reference_template: Path):  # type: ignore[no-untyped-def]
    store = copy_reference(reference_template, tmp_path / "oxigraph")
    yield store
    store.close()


def test_descriptor_joins_title_definition_evidence_and_crosswalks(reference_store) -> None:  # type: ignore[no-untyped-def]
    descriptors = load_descriptors(reference_store, "iso42001")
    assert len(descriptors) > 80
    control = find_descriptor(descriptors, "A.6.2.4")
    assert control.label == "AI system verification and validation" and control.kind == "control"
    assert control.text.startswith(control.label)
    assert "Typical evidence:" in control.text and len(control.text) > 3 * len(control.label)
    assert any("Related:" in d.text for d in descriptors)  # crosswalk titles joined in
    orders = [d.order for d in descriptors]
    assert orders == sorted(orders)


@pytest.mark.parametrize("standard", ["iso27001", "euaiact"])
def test_other_standards_have_descriptors(reference_store, standard: str) -> None:  # type: ignore[no-untyped-def]
    descriptors = load_descriptors(reference_store, standard)
    assert len(descriptors) > 50 and all(d.standard == standard for d in descriptors)


def test_unknown_names_give_errors_with_hints(reference_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownStandardError):
        load_descriptors(reference_store, "iso9001")
    with pytest.raises(UnknownRequirementError) as error:
        find_descriptor(load_descriptors(reference_store), "A.6.2.99")
    assert "A.6.2.99" in error.value.message and error.value.hint


def test_evidence_view_is_the_title_and_typical_evidence_alone(reference_store) -> None:  # type: ignore[no-untyped-def]
    descriptors = load_descriptors(reference_store, "iso42001")
    supplier = find_descriptor(descriptors, "A.10.3")
    evidence = supplier.evidence_text.removeprefix(supplier.label + ". ")
    assert evidence != supplier.evidence_text and "Typical evidence: " + evidence in supplier.text
    assert "Related:" not in supplier.evidence_text and len(supplier.evidence_text) < len(
        supplier.text
    )
    assert all(d.evidence_text == "" or d.evidence_text.startswith(d.label) for d in descriptors)
