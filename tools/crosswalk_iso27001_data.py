"""Curation decisions for the ISO/IEC 42001 -> ISO/IEC 27001:2022 crosswalk.

Two candidate sets feed this pair: the Harmonized Structure clause correspondence (clauses
4-10, decided by rule with per-clause notes) and a practitioner's Annex A table (MIT,
(c) 2026 Ankit Uniyal), each row decided below. ``ADDED`` holds edges the curators added
because they were clearly missing; ``NO_COUNTERPART`` says why a 42001 requirement ends with
no typed edge to 27001. All wording is aimsgraph's.
"""

from __future__ import annotations

from tools.crosswalk_decisions import Decision, eq, ix, nr

# --- Harmonized Structure clauses -------------------------------------------------------

# Pairs where one integrated procedure or record typically serves both management systems.
HS_EQUAL: dict[str, str] = {
    "7.5.2": "Organisations running both systems keep one document-control procedure for "
    "identification, format, review and approval; the same rules apply to AI and ISMS "
    "documents.",
    "7.5.3": "One integrated document and records control procedure (access, versioning, "
    "retention, disposal) normally governs AIMS and ISMS documentation alike.",
    "9.2": "An integrated internal audit process usually audits both systems; evidence of the "
    "audit process carries over when its scope names both.",
    "9.2.1": "The internal audit obligation is word for word the same; one audit procedure "
    "typically covers both systems when its scope names both.",
    "9.2.2": "One audit programme commonly schedules AIMS and ISMS audits together; check that "
    "the programme's scope names both systems.",
    "9.3": "Integrated management reviews covering the AIMS and the ISMS are common practice.",
    "9.3.1": "Top management usually holds one integrated review; the obligation is the same.",
    "9.3.2": "The review inputs are the same list; an integrated review pack serves both.",
    "9.3.3": "Review outputs (improvement decisions, changes, retained minutes) are the same; "
    "integrated minutes serve both.",
    "10.2": "One nonconformity and corrective action procedure and log typically serves every "
    "management system of the organisation.",
}

# Pairs whose subject differs most (AI risk, AI objectives, AI policy): lower strength.
HS_NOTES: dict[str, tuple[int, str]] = {
    "4.3": (
        7,
        "Same scoping duty, but the AIMS scope lists AI systems and AI roles; an ISMS "
        "scope statement does not define it.",
    ),
    "4.4": (
        7,
        "Both ask for an operated management system; the AIMS and the ISMS may be "
        "integrated but remain distinct systems.",
    ),
    "5.2": (
        7,
        "Same policy obligation, different policy: the AI policy is not the "
        "information security policy.",
    ),
    "6.1.2": (
        7,
        "Same assessment structure; AI risk assessment covers harms to individuals "
        "and society and AI objectives, information security risk assessment covers "
        "confidentiality, integrity and availability.",
    ),
    "6.1.3": (
        7,
        "Same treatment structure with a Statement of Applicability on each side, "
        "but against different Annex A control sets.",
    ),
    "6.2": (7, "Same planning duty; AI objectives differ from information security objectives."),
    "8.2": (
        7,
        "Performing risk assessments is shared in form; the risks assessed differ "
        "(AI risks vs information security risks).",
    ),
    "8.3": (7, "Implementing the risk treatment plan is shared in form; the treatments differ."),
}

HS_DEFAULT = (
    "Harmonized Structure clause {n}: the same requirement applied to a different "
    "management system (AI vs information security). Evidence can be shared where "
    "the artefact's scope covers both systems, so a reviewer confirms it."
)

HS_NO_COUNTERPART: dict[str, str] = {
    "6.1.4": "AI-specific clause (AI system impact assessment) added to the Harmonized "
    "Structure by ISO/IEC 42001; ISO/IEC 27001:2022 has no clause for consequences of a "
    "system for individuals and society.",
    "8.4": "AI-specific clause (performing AI system impact assessments) with no ISO/IEC "
    "27001:2022 counterpart; the nearest, 8.2, assesses information security risk to the "
    "organisation, not impacts on people.",
}


def hs_decision(clause: str) -> Decision:
    """The decision for one Harmonized Structure clause pair."""
    if clause in HS_EQUAL:
        return eq(8, "functional", HS_EQUAL[clause])
    strength, note = HS_NOTES.get(clause, (8, HS_DEFAULT.format(n=clause)))
    return ix(strength, "syntactic", note)


# --- Annex A practitioner table: (42001 control, 27001 reference as published) ------------

ANNEX_A: dict[tuple[str, str], Decision] = {
    ("A.2.2", "A.5.1"): ix(
        6,
        "semantic",
        "Both ask for a top-level policy approved by "
        "management; one for AI, one for information security.",
    ),
    ("A.2.3", "A.5.1"): ix(
        5,
        "functional",
        "Aligning the AI policy with other policies "
        "includes the information security policy and its topic-specific policies.",
    ),
    ("A.2.4", "A.5.1"): ix(
        6,
        "semantic",
        "A.5.1 also asks for policy review at planned intervals; the policy under review differs.",
    ),
    ("A.3.2", "A.5.2"): ix(
        7,
        "semantic",
        "Defining and allocating roles and "
        "responsibilities; AI life-cycle roles vs information security roles.",
    ),
    ("A.3.3", "A.6.8"): ix(
        5,
        "semantic",
        "Both give people a channel to report; AI concerns "
        "(ethics, harm) vs information security events.",
    ),
    ("A.4.2", "A.5.9"): ix(
        6,
        "semantic",
        "Documenting resources per AI system overlaps with "
        "an inventory of information and associated assets.",
    ),
    ("A.4.3", "A.5.9"): ix(
        5,
        "semantic",
        "Datasets are information assets; A.4.3 adds AI "
        "facts (provenance, labelling, bias, category) the asset inventory does not hold.",
    ),
    ("A.4.3", "A.5.34"): ix(
        3,
        "semantic",
        "Data documentation records personal data in "
        "datasets, which the PII control protects; the PII control asks far more.",
    ),
    ("A.4.4", "A.8.28"): ix(
        2,
        "functional",
        "Weak: secure coding governs development tools "
        "and libraries, which the AI tooling record lists; purposes differ.",
    ),
    ("A.4.4", "A.8.31"): ix(
        2,
        "functional",
        "Weak: separate development, test and "
        "production environments are part of the tooling an AI system uses.",
    ),
    ("A.4.5", "A.8.1"): ix(
        2,
        "functional",
        "Weak: relevant only where AI runs on user end "
        "point devices; A.4.5 is about compute and hosting resources.",
    ),
    ("A.4.5", "A.8.9"): ix(
        3,
        "functional",
        "Configuration of the computing resources an AI "
        "system uses falls under configuration management.",
    ),
    ("A.4.6", "A.6.3"): ix(
        5,
        "semantic",
        "Competence of AI staff overlaps with awareness, "
        "education and training; A.6.3 is limited to information security.",
    ),
    ("A.5.2", "A.5.35"): nr(
        "Independent review of the information security approach is an "
        "assurance activity; it is not an assessment of AI impacts on people."
    ),
    ("A.5.3", "A.5.33"): ix(
        3,
        "functional",
        "Retained impact assessment results are records "
        "that the records-protection control keeps safe.",
    ),
    ("A.5.4", "A.5.34"): ix(
        4,
        "semantic",
        "Privacy is one of the impacts on individuals that "
        "A.5.4 assesses; the PII control covers privacy alone.",
    ),
    ("A.6.1.2", "Clause 6.2"): ix(
        3,
        "semantic",
        "Objectives for responsible development vs "
        "information security objectives: same form, different subject.",
    ),
    ("A.6.1.3", "A.8.25"): ix(
        5,
        "semantic",
        "Defined development processes; responsible AI design vs secure development life cycle.",
    ),
    ("A.6.2.2", "A.8.26"): ix(
        5,
        "semantic",
        "Specifying requirements for a new system; A.8.26 covers its security requirements only.",
    ),
    ("A.6.2.3", "A.5.37"): nr(
        "Operating procedures for processing facilities are not records "
        "of an AI system's design and development; see A.8.27 instead."
    ),
    ("A.6.2.4", "A.8.29"): ix(
        5,
        "semantic",
        "Testing before acceptance; security testing vs "
        "AI verification and validation (performance, fairness, robustness).",
    ),
    ("A.6.2.5", "A.8.32"): ix(
        4, "functional", "Releasing an AI system into production goes through change management."
    ),
    ("A.6.2.6", "A.8.16"): ix(
        5,
        "semantic",
        "Monitoring systems in operation; A.8.16 looks "
        "for anomalous security behaviour, A.6.2.6 also for drift and performance.",
    ),
    ("A.6.2.7", "A.5.37"): ix(
        4,
        "semantic",
        "Instructions for operating the AI system are "
        "documented operating procedures; technical documentation asks more.",
    ),
    ("A.6.2.8", "A.8.15"): ix(
        7,
        "semantic",
        "Both ask for event logs to be produced and "
        "kept; A.6.2.8 adds AI inputs, outputs and decisions.",
    ),
    ("A.6.2.8", "A.8.16"): ix(4, "functional", "Logs of AI events feed monitoring activities."),
    ("A.7.2", "A.5.9"): ix(
        3,
        "functional",
        "Data used to develop AI systems belongs in the "
        "asset inventory; A.7.2 asks for data management processes.",
    ),
    ("A.7.3", "A.5.15"): nr(
        "Access control decides who may reach information; acquiring and "
        "selecting data for AI is a different question."
    ),
    ("A.7.3", "A.5.34"): ix(
        4,
        "semantic",
        "Acquiring personal data for AI must meet privacy "
        "and PII requirements (lawful basis, consent).",
    ),
    ("A.7.3", "A.8.12"): nr(
        "Data leakage prevention stops information leaving; data acquisition brings data in."
    ),
    ("A.7.4", "A.5.12"): nr(
        "Classification by confidentiality needs says nothing about data "
        "quality (accuracy, completeness, representativeness)."
    ),
    ("A.7.5", "A.5.13"): nr(
        "Labelling marks classification; provenance records origin and lineage of data."
    ),
    ("A.7.6", "A.5.12"): nr(
        "Classification of information is not a data preparation "
        "method; see A.8.11 (masking) for de-identification."
    ),
    ("A.8.2", "A.5.37"): ix(
        4,
        "semantic",
        "User documentation of an AI system overlaps with "
        "documented operating procedures made available to those who need them.",
    ),
    ("A.8.3", "A.5.5"): ix(
        3,
        "functional",
        "Contact with authorities is one route for "
        "reporting; A.8.3 asks for a reporting channel for interested parties.",
    ),
    ("A.8.3", "A.5.31"): ix(
        3,
        "functional",
        "Legal and contractual requirements include "
        "obligations to accept and act on external reports.",
    ),
    ("A.8.4", "A.5.24"): ix(
        5,
        "semantic",
        "Incident management planning includes "
        "communication; AI incidents go beyond information security incidents.",
    ),
    ("A.8.4", "A.5.26"): ix(
        5,
        "semantic",
        "Responding to incidents includes telling those "
        "affected; A.8.4 asks for a communication plan for AI incidents.",
    ),
    ("A.8.4", "A.6.8"): ix(
        3,
        "functional",
        "Event reporting by staff feeds incident "
        "communication; the directions differ (inward vs outward).",
    ),
    ("A.8.5", "A.5.34"): ix(
        3,
        "semantic",
        "Privacy law creates duties to inform data "
        "subjects and authorities, a subset of the information A.8.5 covers.",
    ),
    ("A.9.2", "A.5.10"): ix(
        6,
        "semantic",
        "Acceptable use rules for information and assets "
        "overlap with processes for responsible use of AI systems (approved tools, data rules).",
    ),
    ("A.9.3", "Clause 6.2"): ix(
        3,
        "semantic",
        "Objectives for responsible use vs information "
        "security objectives: same form, different subject.",
    ),
    ("A.9.4", "A.5.10"): ix(
        5,
        "semantic",
        "Acceptable use limits overlap with keeping AI systems to their intended use.",
    ),
    ("A.10.2", "A.5.19"): ix(
        4,
        "semantic",
        "Supplier relationship processes allocate "
        "responsibilities with suppliers; A.10.2 also covers customers and partners.",
    ),
    ("A.10.2", "A.5.2"): ix(
        3,
        "semantic",
        "Roles and responsibilities, here shared with third parties across the AI life cycle.",
    ),
    ("A.10.3", "A.5.19"): ix(
        6,
        "semantic",
        "Managing suppliers so they meet the "
        "organisation's requirements; responsible AI vs information security requirements.",
    ),
    ("A.10.3", "A.5.20"): ix(
        5,
        "semantic",
        "Requirements written into supplier agreements "
        "(e.g. no training on our data, audit logging).",
    ),
    ("A.10.3", "A.5.21"): ix(
        5, "semantic", "AI models, APIs and datasets form an ICT supply chain."
    ),
    ("A.10.3", "A.5.22"): ix(
        5, "semantic", "Monitoring and reviewing supplier services applies to AI suppliers."
    ),
    ("A.10.4", "A.5.20"): ix(
        3,
        "functional",
        "Agreements with customers mirror supplier "
        "agreements seen from the other side; A.10.4 is about customer needs.",
    ),
}

# --- Edges the curators added: (42001, 27001 notation) -----------------------------------

ADDED: dict[tuple[str, str], Decision] = {
    ("A.4.4", "A.5.9"): ix(
        4,
        "semantic",
        "Added: AI tools, models and libraries belong in "
        "the inventory of information and associated assets.",
    ),
    ("A.4.5", "A.8.6"): ix(
        5, "semantic", "Added: planning compute capacity for AI systems is capacity management."
    ),
    ("A.5.2", "A.5.34"): ix(
        3,
        "semantic",
        "Added: a privacy impact assessment is one part of assessing AI impacts on people.",
    ),
    ("A.6.2.3", "A.8.27"): ix(
        3,
        "semantic",
        "Added: documented architecture and engineering "
        "principles are part of AI design documentation.",
    ),
    ("A.7.3", "A.5.32"): ix(
        4,
        "semantic",
        "Added: rights to use acquired data (licences, "
        "copyright) are intellectual property rights.",
    ),
    ("A.7.6", "A.8.11"): ix(
        3,
        "semantic",
        "Added: masking and de-identification are data preparation methods for AI data.",
    ),
    ("A.8.5", "A.5.5"): ix(
        3,
        "functional",
        "Added: reporting information about AI systems "
        "to authorities relies on contact with authorities.",
    ),
    ("A.8.5", "A.5.31"): ix(
        3,
        "semantic",
        "Added: reporting duties to interested parties "
        "are among the legal and regulatory requirements to identify.",
    ),
}

# --- 42001 Annex A controls that end with no typed 27001 edge -----------------------------

NO_COUNTERPART: dict[str, str] = {
    "A.5.5": "No ISO/IEC 27001:2022 counterpart: 27001 addresses risks to the organisation's "
    "information, not consequences of AI systems for society (environment, employment, "
    "democratic processes).",
    "A.7.4": "No ISO/IEC 27001:2022 counterpart: 27001 protects confidentiality, integrity "
    "and availability but sets no fitness-for-purpose requirement for data (accuracy, "
    "completeness, representativeness, bias); the candidate A.5.12 was judged not related.",
    "A.7.5": "No ISO/IEC 27001:2022 counterpart: 27001 has no data lineage or provenance "
    "control; the candidate A.5.13 (labelling) was judged not related.",
}
