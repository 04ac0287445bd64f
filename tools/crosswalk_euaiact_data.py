"""Curation decisions for the ISO/IEC 42001 -> EU AI Act (Regulation (EU) 2024/1689) crosswalk.

Candidates: a practitioner's Annex A table (MIT, (c) 2026 Ankit Uniyal), keyed by the AI Act
reference as published, and pairs co-cited by one FINOS AI Governance Framework item
(CC BY 4.0), a weak signal. ``ADDED`` holds edges the curators added (clause-level links and
clearly missing articles). All wording is aimsgraph's.
"""

from __future__ import annotations

from tools.crosswalk_decisions import Decision, cand, drop, ix, nr, same

# --- Practitioner table: (42001 control, AI Act reference as published) -------------------

PRACTITIONER_ROWS: dict[tuple[str, str], Decision] = {
    ("A.2.2", "Art. 17"): ix(
        5,
        "semantic",
        "The quality management system must be "
        "documented as written policies; the AI policy is one of them.",
    ),
    ("A.2.2", "Art. 26"): ix(
        3,
        "functional",
        "A deployer's AI policy typically sets the "
        "rules Art. 26 requires (use per instructions, human oversight); Art. 26 asks much more.",
    ),
    ("A.2.3", "Art. 17"): ix(
        4,
        "functional",
        "Art. 17 lets a QMS be integrated with existing "
        "sectoral management systems, which presupposes aligned policies.",
    ),
    ("A.2.4", "Art. 17"): ix(
        3,
        "semantic",
        "A maintained QMS includes keeping its policies "
        "current; Art. 17 does not name policy review as such.",
    ),
    ("A.2.4", "Art. 9"): nr(
        "Art. 9's regular review concerns the risk management system of "
        "one high-risk AI system, not the organisation's AI policy."
    ),
    ("A.3.2", "Art. 26"): ix(
        5,
        "semantic",
        "Deployers assign human oversight to people with "
        "the competence, training and authority it needs.",
    ),
    ("A.3.2", "Art. 22"): nr(
        "Art. 22 concerns an external authorised representative under a "
        "written mandate, not internal AI roles; mapped from A.10.2 instead."
    ),
    ("A.3.3", "Art. 26"): ix(
        3,
        "semantic",
        "Deployers who suspect a risk must inform the "
        "provider and authorities; an internal concern channel feeds that escalation.",
    ),
    ("A.3.3", "Art. 73"): ix(
        3,
        "functional",
        "Concerns raised internally can reveal serious "
        "incidents that must be reported; Art. 73 is regulatory reporting.",
    ),
    ("A.3.3", "Dir. (EU) 2019/1937"): drop(
        "Directive (EU) 2019/1937 (Whistleblower "
        "Directive) is not an AI Act article; replaced by the added edge to Art. 87, which "
        "applies that Directive to AI Act infringements."
    ),
    ("A.4.2", "Art. 17"): ix(
        5,
        "semantic",
        "The QMS includes resource management; A.4.2 "
        "documents the resources behind each AI system.",
    ),
    ("A.4.2", "Art. 11"): ix(
        5,
        "semantic",
        "Technical documentation describes the data, "
        "tools and computing resources used to build the system.",
    ),
    ("A.4.3", "Art. 10"): ix(
        6,
        "semantic",
        "Documenting data resources overlaps with data "
        "governance duties (origin, preparation, bias examination).",
    ),
    ("A.4.4", "Art. 15"): nr(
        "Documenting tools does not address accuracy, robustness or "
        "cybersecurity levels; the tooling record maps to Art. 11 instead."
    ),
    ("A.4.5", "Art. 15"): ix(
        3,
        "functional",
        "Redundancy and fail-safe computing resources support the robustness Art. 15 asks for.",
    ),
    ("A.4.6", "Art. 4"): ix(
        6,
        "semantic",
        "AI literacy of staff overlaps with documenting "
        "the people and competences an AI system needs.",
    ),
    ("A.4.6", "Art. 26"): ix(
        4, "semantic", "Deployers staff human oversight with competent, trained people."
    ),
    ("A.5.2", "Art. 27"): ix(
        7,
        "semantic",
        "A fundamental rights impact assessment is an "
        "impact assessment process required of certain deployers.",
    ),
    ("A.5.2", "Art. 9"): ix(
        5,
        "semantic",
        "The risk management system identifies risks to "
        "health, safety and fundamental rights, which an impact assessment also examines.",
    ),
    ("A.5.3", "Art. 27"): ix(
        6,
        "semantic",
        "FRIA results must be recorded and notified to the market surveillance authority.",
    ),
    ("A.5.3", "Art. 11"): ix(
        3,
        "semantic",
        "Technical documentation holds the risk "
        "management record; impact assessment results are a related record.",
    ),
    ("A.5.3", "Art. 18"): ix(
        4,
        "functional",
        "Art. 18 sets retention periods for provider "
        "documentation, matching A.5.3's retention of assessment results.",
    ),
    ("A.5.4", "Art. 27"): ix(
        7,
        "semantic",
        "The FRIA assesses the categories of persons "
        "affected and the specific risks of harm to them.",
    ),
    ("A.5.4", "Art. 5"): ix(
        3,
        "functional",
        "Assessing impacts on individuals helps detect "
        "prohibited practices (manipulation, exploitation of vulnerabilities, social scoring).",
    ),
    ("A.5.4", "Art. 14"): ix(
        2,
        "functional",
        "Weak: impact assessment shows where human "
        "oversight is needed to protect people; Art. 14 is a design requirement.",
    ),
    ("A.5.5", "Art. 27"): ix(
        5,
        "semantic",
        "The FRIA covers fundamental rights of groups; "
        "A.5.5 looks wider at society (environment, economy, democracy).",
    ),
    ("A.5.5", "Recital 27"): drop("Recital 27 is not an article and sets no obligation."),
    ("A.6.1.2", "Art. 9"): ix(
        3,
        "functional",
        "Responsible development objectives guide the risk management measures Art. 9 requires.",
    ),
    ("A.6.1.2", "Art. 17"): ix(
        4,
        "semantic",
        "The QMS sets a strategy and techniques for "
        "design and development, which development objectives steer.",
    ),
    ("A.6.1.3", "Art. 9"): ix(
        4,
        "semantic",
        "Design and development processes embed the risk management and testing Art. 9 requires.",
    ),
    ("A.6.1.3", "Art. 17"): ix(
        7,
        "semantic",
        "The QMS must document procedures for design, "
        "design control, development and quality control.",
    ),
    ("A.6.2.2", "Art. 9"): ix(
        3, "functional", "Risk management measures become system requirements at specification."
    ),
    ("A.6.2.2", "Art. 13"): ix(
        3,
        "functional",
        "Transparency must be designed in; it belongs among the system requirements.",
    ),
    ("A.6.2.3", "Art. 11"): ix(
        7,
        "semantic",
        "Technical documentation records design choices, architecture and development methods.",
    ),
    ("A.6.2.3", "Annex IV"): drop(
        "Annex IV is not an article; its content is the "
        "technical documentation of Art. 11, already mapped."
    ),
    ("A.6.2.4", "Art. 9"): ix(
        6,
        "semantic",
        "Art. 9 requires testing against defined metrics "
        "and thresholds before placing on the market.",
    ),
    ("A.6.2.4", "Art. 15"): ix(
        6,
        "semantic",
        "Verification and validation establish the "
        "accuracy and robustness levels Art. 15 asks to declare.",
    ),
    ("A.6.2.4", "Art. 10"): ix(
        4,
        "semantic",
        "Validation and testing datasets are subject "
        "to the data governance requirements of Art. 10.",
    ),
    ("A.6.2.5", "Art. 16"): ix(
        3,
        "functional",
        "Provider duties before placing on the market "
        "(conformity assessment, CE marking, registration) gate deployment.",
    ),
    ("A.6.2.5", "Art. 43"): ix(
        4,
        "functional",
        "A conformity assessment must be passed "
        "before a high-risk AI system is placed on the market or put into service.",
    ),
    ("A.6.2.6", "Art. 72"): ix(
        6,
        "semantic",
        "Post-market monitoring collects and analyses performance data of systems in operation.",
    ),
    ("A.6.2.6", "Art. 26"): ix(
        6,
        "semantic",
        "Deployers monitor the operation of high-risk systems per the instructions for use.",
    ),
    ("A.6.2.7", "Art. 11"): ix(
        7, "semantic", "Technical documentation for authorities and notified bodies."
    ),
    ("A.6.2.7", "Art. 13"): ix(
        6,
        "semantic",
        "Instructions for use to deployers are "
        "technical documentation for a relevant interested party.",
    ),
    ("A.6.2.7", "Annex IV"): drop("Annex IV is not an article; covered by the Art. 11 edge."),
    ("A.6.2.8", "Art. 12"): ix(
        8,
        "semantic",
        "Both ask for automatic recording of events "
        "while the system is in use; Art. 12 also fixes log content for some systems.",
    ),
    ("A.6.2.8", "Art. 19"): ix(
        5, "semantic", "Providers keep automatically generated logs for a minimum period."
    ),
    ("A.6.2.8", "Art. 26"): ix(
        5, "semantic", "Deployers keep the logs generated by high-risk systems under their control."
    ),
    ("A.7.2", "Art. 10"): ix(
        7, "semantic", "Data management processes for training, validation and testing data."
    ),
    ("A.7.3", "Art. 10"): ix(
        6, "semantic", "Art. 10 covers data collection processes and the origin of data."
    ),
    ("A.7.3", "Art. 53"): ix(
        3,
        "semantic",
        "General-purpose AI providers publish a summary "
        "of training content and a copyright policy, both about data acquisition.",
    ),
    ("A.7.4", "Art. 10"): ix(
        8,
        "semantic",
        "Datasets must be relevant, representative, as "
        "free of errors as possible and complete, and examined for bias.",
    ),
    ("A.7.5", "Art. 10"): ix(
        6, "semantic", "Art. 10 requires attention to the origin of data, which provenance records."
    ),
    ("A.7.5", "Art. 53"): ix(
        4,
        "semantic",
        "The public summary of training content is a "
        "provenance disclosure for general-purpose models.",
    ),
    ("A.7.6", "Art. 10"): ix(
        7,
        "semantic",
        "Art. 10 names annotation, labelling, cleaning, "
        "updating, enrichment and aggregation as preparation operations to govern.",
    ),
    ("A.8.2", "Art. 13"): ix(
        7,
        "semantic",
        "Instructions for use give deployers the "
        "system's purpose, performance, limitations and oversight measures.",
    ),
    ("A.8.2", "Art. 11"): ix(
        4, "semantic", "System documentation shares content with the technical documentation."
    ),
    ("A.8.3", "Art. 73"): ix(
        4,
        "semantic",
        "External reports of adverse impacts can reveal "
        "serious incidents to report to authorities.",
    ),
    ("A.8.3", "Art. 49"): nr(
        "Registration in the EU database is not a channel for "
        "interested parties to report adverse impacts; mapped from A.8.5 instead."
    ),
    ("A.8.3", "Art. 71"): nr(
        "Art. 71 sets up the EU database, a duty of the Commission, not of the organisation."
    ),
    ("A.8.3", "Art. 62"): nr(
        "In the adopted Regulation Art. 62 sets support measures for "
        "SMEs and start-ups; the reference likely follows the 2021 proposal's numbering, "
        "where incident reporting was Art. 62 (now Art. 73, already mapped)."
    ),
    ("A.8.4", "Art. 73"): ix(
        6,
        "semantic",
        "Reporting serious incidents to authorities; "
        "A.8.4 is about telling users and affected parties.",
    ),
    ("A.8.4", "Art. 26"): ix(
        5, "semantic", "Deployers inform the provider and authorities of serious incidents."
    ),
    ("A.8.5", "Art. 50"): ix(
        5,
        "semantic",
        "Telling people they interact with AI or see "
        "generated content is an information duty to interested parties.",
    ),
    ("A.8.5", "Art. 13"): ix(4, "semantic", "Information the provider must give deployers."),
    ("A.8.5", "Art. 86"): ix(
        4,
        "semantic",
        "Affected persons may obtain an explanation of the AI system's role in a decision.",
    ),
    ("A.9.2", "Art. 26"): ix(
        6,
        "semantic",
        "Deployer duties describe responsible use of "
        "high-risk AI (instructions, oversight, monitoring, logs, informing workers).",
    ),
    ("A.9.2", "Art. 14"): ix(
        4,
        "semantic",
        "Human review of outputs in use processes realises the oversight Art. 14 designs for.",
    ),
    ("A.9.3", "Art. 26"): ix(
        3, "functional", "Objectives for responsible use steer how deployer duties are met."
    ),
    ("A.9.3", "Art. 14"): ix(
        3, "functional", "Human oversight is a typical objective of responsible use."
    ),
    ("A.9.4", "Art. 26"): ix(
        7,
        "semantic",
        "Deployers use high-risk systems in accordance with the instructions for use.",
    ),
    ("A.9.4", "Art. 25"): ix(
        4, "semantic", "Changing a system's intended purpose can make the deployer a provider."
    ),
    ("A.9.4", "Art. 13"): ix(
        5, "semantic", "Instructions for use state the intended purpose the system must be kept to."
    ),
    ("A.10.2", "Art. 25"): ix(
        7,
        "semantic",
        "Responsibilities along the AI value chain are "
        "allocated between providers, deployers and third parties.",
    ),
    ("A.10.2", "Art. 26"): ix(
        3, "semantic", "Deployer duties are one side of the allocation of responsibilities."
    ),
    ("A.10.2", "Art. 16"): ix(
        3, "semantic", "Provider duties are the other side of that allocation."
    ),
    ("A.10.3", "Art. 25"): ix(
        7,
        "semantic",
        "Providers agree in writing with suppliers of "
        "AI tools, components and services the information and assistance they need.",
    ),
    ("A.10.3", "Art. 16"): ix(
        3,
        "functional",
        "Provider duties stay with the provider "
        "whatever it buys in, so suppliers must support them.",
    ),
    ("A.10.4", "Art. 13"): ix(
        4,
        "semantic",
        "Deployers are the provider's customers; "
        "instructions for use meet their information needs.",
    ),
    ("A.10.4", "Art. 25"): ix(
        4, "semantic", "The value chain rules shape what customers can expect from a provider."
    ),
    ("A.10.4", "Art. 26"): ix(
        3,
        "functional",
        "Customers that deploy high-risk AI have "
        "duties the provider's offering must let them meet.",
    ),
}

# --- FINOS co-citation: (42001 control, "Article N") --------------------------------------

_CO = "Co-cited by one FINOS AI Governance Framework item only; not confirmed by the curators."

FINOS_ROWS: dict[tuple[str, str], Decision] = {
    ("A.3.3", "Article 14"): cand(_CO),
    ("A.3.3", "Article 72"): cand(_CO),
    ("A.4.3", "Article 10"): same(),
    ("A.6.1.2", "Article 13"): cand(_CO),
    ("A.6.1.2", "Article 86"): cand(_CO),
    ("A.6.2.4", "Article 15"): same(),
    ("A.6.2.4", "Article 9"): same(),
    ("A.6.2.5", "Article 15"): cand(_CO),
    ("A.6.2.5", "Article 9"): cand(_CO),
    ("A.6.2.6", "Article 12"): ix(
        4,
        "semantic",
        "Confirmed: logging capabilities exist to enable monitoring of the system's operation.",
    ),
    ("A.6.2.6", "Article 13"): ix(
        3,
        "semantic",
        "Confirmed: instructions for use state the "
        "maintenance, care and update measures operation relies on.",
    ),
    ("A.6.2.6", "Article 14"): ix(
        4,
        "semantic",
        "Confirmed: overseers monitor operation and "
        "detect anomalies, dysfunctions and unexpected performance.",
    ),
    ("A.6.2.6", "Article 26"): same(),
    ("A.6.2.6", "Article 72"): same(),
    ("A.6.2.6", "Article 86"): cand(_CO),
    ("A.6.2.7", "Article 13"): same(),
    ("A.6.2.7", "Article 86"): cand(_CO),
    ("A.7.2", "Article 10"): same(),
    ("A.7.4", "Article 10"): same(),
    ("A.8.2", "Article 13"): same(),
    ("A.8.2", "Article 14"): ix(
        3,
        "semantic",
        "Confirmed: information for users lets "
        "overseers understand capacities and limitations, as Art. 14 requires.",
    ),
    ("A.8.2", "Article 72"): cand(_CO),
    ("A.8.2", "Article 86"): cand(_CO),
    ("A.8.3", "Article 12"): cand(_CO),
    ("A.8.3", "Article 13"): cand(_CO),
    ("A.8.3", "Article 14"): cand(_CO),
    ("A.8.3", "Article 26"): ix(
        3,
        "functional",
        "Confirmed: deployers report risks and "
        "incidents to the provider, which needs a channel to receive them.",
    ),
    ("A.8.3", "Article 72"): ix(
        3,
        "functional",
        "Confirmed: post-market monitoring gathers "
        "data supplied by deployers and other parties through such channels.",
    ),
    ("A.8.3", "Article 86"): cand(_CO),
}

# --- Edges the curators added: (42001 notation, AI Act article number) --------------------

ADDED: dict[tuple[str, str], Decision] = {
    ("A.3.3", "87"): ix(
        5,
        "semantic",
        "Added: Art. 87 applies the Whistleblower Directive "
        "to reports of AI Act infringements and protects reporting persons.",
    ),
    ("A.4.4", "11"): ix(
        4,
        "semantic",
        "Added: technical documentation describes the "
        "methods, pre-trained systems and third-party tools used.",
    ),
    ("A.8.4", "20"): ix(
        4,
        "semantic",
        "Added: providers must inform distributors, "
        "deployers and others when a system is non-conforming or presents a risk.",
    ),
    ("A.8.5", "49"): ix(
        4,
        "semantic",
        "Added: registering a high-risk system in the EU "
        "database is a duty to report information about it.",
    ),
    ("A.10.2", "22"): ix(
        4,
        "semantic",
        "Added: the authorised representative's mandate "
        "allocates tasks between a non-EU provider and a third party.",
    ),
    ("4.4", "17"): ix(
        6,
        "semantic",
        "Added: the AI management system and the quality "
        "management system are both documented management systems for AI.",
    ),
    ("6.1.2", "9"): ix(
        6,
        "semantic",
        "Added: both require identifying, analysing and evaluating AI risks by a defined process.",
    ),
    ("6.1.3", "9"): ix(
        5,
        "semantic",
        "Added: Art. 9 requires adopting risk management "
        "measures and judging residual risk acceptable.",
    ),
    ("8.2", "9"): ix(
        5,
        "semantic",
        "Added: Art. 9 risk management is iterative across the "
        "life cycle, like performing assessments at intervals and on change.",
    ),
    ("6.1.4", "27"): ix(
        6, "semantic", "Added: the FRIA is an impact assessment process for consequences to people."
    ),
    ("8.4", "27"): ix(
        6,
        "semantic",
        "Added: the FRIA is performed before first use and updated when relevant elements change.",
    ),
    ("7.2", "4"): ix(
        5, "semantic", "Added: ensuring staff competence overlaps with the AI literacy duty."
    ),
    ("7.5.3", "18"): ix(
        4,
        "functional",
        "Added: keeping provider documentation available "
        "for authorities for a set period is controlled retention.",
    ),
    ("9.1", "72"): ix(
        4,
        "semantic",
        "Added: post-market monitoring is systematic "
        "monitoring and evaluation of AI system performance.",
    ),
    ("10.2", "20"): ix(
        5, "semantic", "Added: Art. 20 requires corrective actions when a system does not conform."
    ),
}

# Controls with no typed AI Act edge would need a reason here; every control has one today.
NO_COUNTERPART: dict[str, str] = {}
