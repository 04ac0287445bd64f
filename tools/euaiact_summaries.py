"""One-sentence own-words summaries of the EU AI Act articles that carry no operator duties
modelled in detail (scope, definitions, governance, notified bodies, enforcement, penalties,
amendments). Paraphrased for aimsgraph; no sentence of the Regulation is reproduced.
"""

from __future__ import annotations

SUMMARIES: dict[int, str] = {
    1: "States what the Regulation is for: a uniform EU legal framework that promotes "
    "trustworthy, human-centric AI while protecting health, safety and fundamental rights, "
    "and the topics it lays down rules on.",
    2: "Defines who and what falls under the Regulation (providers, deployers, importers, "
    "distributors and others in or affecting the EU) and the exclusions, such as military "
    "uses, pure research and personal non-professional use.",
    3: "Gives the legal definitions used throughout, including AI system, provider, deployer, "
    "intended purpose, substantial modification, serious incident and general-purpose AI "
    "model.",
    7: "Empowers the Commission to add, modify or remove high-risk use cases in Annex III "
    "through delegated acts, based on criteria about harm and adverse impact.",
    28: "Requires each Member State to designate a notifying authority that assesses, "
    "designates and monitors conformity assessment bodies.",
    29: "Sets out how a conformity assessment body applies to be notified and what evidence "
    "of competence and accreditation it submits.",
    30: "Describes the procedure by which notifying authorities notify the Commission and "
    "other Member States of assessed bodies, and when those bodies may start work.",
    31: "Lists the organisational, independence, impartiality, confidentiality, competence and "
    "insurance requirements a notified body must satisfy.",
    32: "Presumes that a body meeting the relevant harmonised standards also meets the "
    "requirements placed on notified bodies.",
    33: "Governs when notified bodies may subcontract tasks or use subsidiaries and how they "
    "remain responsible for that work.",
    34: "Sets the operational duties of notified bodies when verifying conformity, such as "
    "proportionate procedures and avoiding unnecessary burden on providers.",
    35: "Provides for identification numbers for notified bodies and a public list of them "
    "kept by the Commission.",
    36: "Covers how a notification is restricted, suspended or withdrawn and what happens to "
    "certificates a body issued.",
    37: "Lets the Commission investigate doubts about a notified body's competence and require "
    "corrective measures.",
    38: "Has the Commission ensure coordination and cooperation between notified bodies "
    "through sectoral groups.",
    39: "Allows bodies set up in third countries to act as notified bodies where an agreement "
    "with the Union provides for it.",
    40: "Presumes conformity of high-risk AI and general-purpose AI models that follow "
    "harmonised standards published in the Official Journal, and sets up standardisation "
    "requests.",
    41: "Allows the Commission to adopt common specifications where harmonised standards are "
    "missing or inadequate, with a presumption of conformity for systems that follow them.",
    42: "Presumes that systems trained on data reflecting their specific setting of use, or "
    "certified under a cybersecurity scheme, meet certain data and cybersecurity "
    "requirements.",
    44: "Deals with the certificates notified bodies issue: language, validity period, renewal "
    "and suspension or withdrawal when requirements stop being met.",
    45: "Requires notified bodies to inform authorities and other bodies about certificates "
    "they issue, refuse, restrict or withdraw.",
    46: "Lets market surveillance authorities exceptionally authorise a high-risk AI system "
    "without completed conformity assessment for public security or health reasons.",
    51: "Sets the criteria under which a general-purpose AI model is classified as having "
    "systemic risk, including a presumption based on training compute above 10^25 FLOPs.",
    52: "Describes how providers notify the Commission of general-purpose models that meet the "
    "systemic-risk threshold and how designation and contesting work.",
    53: "Obliges providers of general-purpose AI models to keep technical documentation, share "
    "information with downstream providers, have a copyright policy and publish a summary "
    "of training content.",
    54: "Requires providers of general-purpose AI models established outside the EU to appoint "
    "an authorised representative in the Union by written mandate.",
    55: "Adds duties for providers of general-purpose models with systemic risk: model "
    "evaluation and adversarial testing, systemic risk mitigation, serious incident "
    "reporting and adequate cybersecurity.",
    56: "Has the AI Office encourage and facilitate codes of practice that detail how "
    "general-purpose AI model providers can meet their obligations.",
    57: "Requires Member States to establish AI regulatory sandboxes where innovative AI can "
    "be developed and tested under supervision before market placement.",
    58: "Leaves detailed rules on eligibility, procedures and exit of AI regulatory sandboxes "
    "to implementing acts.",
    59: "Allows personal data lawfully collected for other purposes to be reused in a sandbox "
    "to develop AI serving substantial public interest, under strict conditions.",
    60: "Sets the conditions for testing high-risk AI in real world conditions outside "
    "sandboxes, such as an approved testing plan, registration and limited duration.",
    61: "Requires freely given informed consent from subjects taking part in real-world "
    "testing, with information about the test and their right to withdraw.",
    62: "Asks Member States to support SMEs and start-ups with priority sandbox access, "
    "awareness raising, guidance and reduced fees.",
    63: "Lets microenterprises comply with certain quality management system elements in a "
    "simplified way.",
    64: "Establishes the AI Office within the Commission to build Union expertise and "
    "capabilities in AI.",
    65: "Establishes the European Artificial Intelligence Board of Member State "
    "representatives and sets its structure.",
    66: "Lists the Board's tasks of advising and assisting the Commission and Member States on "
    "consistent application of the Regulation.",
    67: "Creates an advisory forum of stakeholders from industry, start-ups, civil society and "
    "academia to give technical expertise.",
    68: "Provides for a scientific panel of independent experts who support enforcement, "
    "notably on general-purpose AI models.",
    69: "Allows Member States to call on the scientific panel's experts to support their "
    "enforcement activities.",
    70: "Requires each Member State to designate notifying and market surveillance "
    "authorities, give them resources and name a single point of contact.",
    71: "Has the Commission set up and maintain an EU database holding registration data on "
    "high-risk AI systems listed in Annex III.",
    74: "Applies the EU market surveillance regulation to AI systems and assigns which "
    "authorities supervise which kinds of systems.",
    75: "Sets out mutual assistance and which authority supervises AI systems built on "
    "general-purpose models from the same provider.",
    76: "Gives market surveillance authorities powers to supervise real-world testing and "
    "intervene when it is unsafe.",
    77: "Lets national authorities protecting fundamental rights request and access "
    "documentation kept under the Regulation.",
    78: "Binds authorities and bodies applying the Regulation to keep confidential the "
    "information and data they obtain, such as trade secrets and source code.",
    79: "Describes how a national authority evaluates an AI system presenting a risk and "
    "requires corrective action, withdrawal or recall.",
    80: "Lets authorities review systems a provider classed as not high-risk under Annex III "
    "and require them to be brought into compliance.",
    81: "Sets the Union safeguard procedure for when Member States object to another's "
    "national measure against an AI system.",
    82: "Allows authorities to require measures for a compliant high-risk AI system that "
    "still presents a risk to health, safety or fundamental rights.",
    83: "Covers formal non-compliance such as missing CE marking, declaration, registration or "
    "authorised representative, and the steps authorities take.",
    84: "Lets the Commission designate Union AI testing support structures for market "
    "surveillance.",
    85: "Gives any person the right to lodge a complaint with a market surveillance authority "
    "about an infringement of the Regulation.",
    87: "Applies the EU whistleblower directive to reports of infringements of the "
    "Regulation and the protection of reporting persons.",
    88: "Gives the Commission exclusive powers to supervise and enforce the obligations of "
    "general-purpose AI model providers, entrusted to the AI Office.",
    89: "Lets the AI Office take monitoring actions to check general-purpose model providers' "
    "compliance, including adherence to codes of practice.",
    90: "Allows the scientific panel to issue qualified alerts when a general-purpose model "
    "may pose systemic risk.",
    91: "Empowers the Commission to request documentation and information from "
    "general-purpose model providers.",
    92: "Empowers the AI Office to evaluate general-purpose AI models, including through "
    "appointed independent experts.",
    93: "Empowers the Commission to request general-purpose model providers to take "
    "compliance or mitigation measures, or to restrict or recall a model.",
    94: "Applies the procedural rights of the market surveillance regulation to providers of "
    "general-purpose AI models.",
    95: "Encourages voluntary codes of conduct for applying some high-risk requirements to "
    "other AI systems and for goals such as sustainability and inclusiveness.",
    96: "Requires the Commission to issue guidelines on practical implementation, for example "
    "on the AI definition, prohibited practices and high-risk classification.",
    97: "Sets the conditions and duration under which the Commission exercises its power to "
    "adopt delegated acts.",
    98: "Provides for a committee of Member States assisting the Commission under the "
    "comitology regulation.",
    99: "Requires Member States to lay down effective, proportionate and dissuasive penalties, "
    "with fines of up to EUR 35 million or 7% of global turnover for prohibited practices.",
    100: "Allows the European Data Protection Supervisor to fine Union institutions, bodies "
    "and agencies that infringe the Regulation.",
    101: "Allows the Commission to fine providers of general-purpose AI models for "
    "infringements, up to 3% of global turnover or EUR 15 million.",
    102: "Amends the civil aviation security regulation so that AI-related requirements are "
    "taken into account in its implementing measures.",
    103: "Amends the regulation on agricultural and forestry vehicles to take AI requirements "
    "into account.",
    104: "Amends the regulation on two- or three-wheel vehicles and quadricycles to take AI "
    "requirements into account.",
    105: "Amends the marine equipment directive to take AI requirements into account.",
    106: "Amends the rail interoperability directive to take AI requirements into account.",
    107: "Amends the motor vehicle type-approval regulation to take AI requirements into account.",
    108: "Amends the civil aviation safety (EASA) regulation to take AI requirements into account.",
    109: "Amends the vehicle general safety regulation to take AI requirements into account.",
    110: "Adds the AI Act to the annex of the representative actions directive so consumers "
    "can bring collective actions.",
    111: "Sets transitional rules for AI systems and general-purpose models already on the "
    "market before the application dates, including deadlines for large-scale IT "
    "systems.",
    112: "Requires the Commission to evaluate and review the Regulation, its annexes and the "
    "list of prohibited practices at regular intervals.",
    113: "Fixes entry into force and the staggered application dates of the Regulation's chapters.",
}

# Typical evidence for summary articles that still place duties on an operator an AIMS may
# cover (general-purpose AI model providers, real-world testing, legacy systems).
SUMMARY_EVIDENCE: dict[int, str] = {
    53: "GPAI model technical documentation; information package for downstream providers; "
    "copyright and text-and-data-mining opt-out policy; public summary of training content.",
    54: "Authorised representative mandate for the general-purpose AI model; representative "
    "contact details provided to the AI Office.",
    55: "Model evaluation and adversarial testing (red-teaming) reports; systemic risk "
    "assessment and mitigation plan; serious incident log for the model; model security "
    "controls.",
    60: "Real-world testing plan approved by the market surveillance authority; test "
    "registration; test subject safeguards and termination criteria.",
    61: "Informed consent forms for test participants; participant information sheets; "
    "consent withdrawal records.",
    111: "Inventory of AI systems already on the market with their placement dates; legacy "
    "system compliance roadmap; significant design change assessments.",
}
