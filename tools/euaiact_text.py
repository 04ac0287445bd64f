"""Own-words text for the EU AI Act (Regulation (EU) 2024/1689) articles.

The meaning of each article is paraphrased for aimsgraph; no sentence of the Regulation is
reproduced. Articles that bind providers and deployers of high-risk AI carry a 2-4 sentence
definition and the documents that typically evidence them (``OBLIGATIONS``); the others a
one-sentence summary (``SUMMARIES``, in ``euaiact_summaries.py``). ``ROLES`` names the
operator roles an article places duties on.
"""

from __future__ import annotations

PROVIDER = "provider"
DEPLOYER = "deployer"
IMPORTER = "importer"
DISTRIBUTOR = "distributor"
AUTHORISED_REP = "authorised representative"

# article number -> (skos:definition, aims:typicalEvidence)
OBLIGATIONS: dict[int, tuple[str, str]] = {
    4: (
        "Organisations that build or use AI systems must take steps so that their staff and "
        "other people operating AI on their behalf have enough AI literacy for their role. "
        "Training should reflect people's technical background and the context in which the AI "
        "is used and who it affects.",
        "AI literacy training programme; AI awareness e-learning completion records; role-based "
        "AI training plan; staff upskilling on responsible use of generative AI tools; "
        "acceptable use of AI guidance for employees.",
    ),
    5: (
        "Bans a set of AI practices outright: manipulative or deceptive techniques that distort "
        "behaviour and cause harm, exploiting vulnerabilities of age or disability, social "
        "scoring, predicting crime from profiling alone, untargeted scraping of facial images, "
        "emotion recognition at work or school, biometric categorisation of sensitive traits, "
        "and most real-time remote biometric identification in public by police. Organisations "
        "screen every AI use case against this list and stop any that fall within it; these "
        "bans have applied since February 2025.",
        "Prohibited AI practices policy; AI use case screening checklist against banned "
        "practices; AI inventory with prohibition assessment; legal review records.",
    ),
    6: (
        "Explains when an AI system counts as high-risk: when it is a safety component of, or "
        "itself, a product under the EU harmonisation laws in Annex I needing third-party "
        "conformity assessment, or when it falls in an Annex III use area such as employment, "
        "credit, education or essential services. A provider who decides an Annex III system is "
        "not high-risk because it poses no significant risk must document that assessment and "
        "register the system.",
        "AI system risk classification procedure; high-risk classification assessment per AI "
        "system; Annex III use-case mapping; documented non-high-risk determination.",
    ),
    8: (
        "High-risk AI systems must meet all requirements of Section 2, taking account of their "
        "intended purpose and the state of the art, with the risk management system in the "
        "background. Where a product is also covered by other EU product legislation, the "
        "provider may integrate testing and documentation into existing procedures.",
        "High-risk AI compliance plan; requirements traceability matrix for Articles 9-15; "
        "integrated product compliance documentation.",
    ),
    9: (
        "Providers run a documented risk management system for each high-risk AI system across "
        "its whole life cycle: identifying known and foreseeable risks to health, safety and "
        "fundamental rights, estimating them including under misuse, adopting mitigation "
        "measures and testing the system against defined metrics. Residual risk must be judged "
        "acceptable, and impacts on minors and vulnerable groups considered.",
        "AI risk management procedure; AI risk register per system; hazard and misuse analysis; "
        "risk mitigation plan; test plans and results against risk metrics; residual risk "
        "acceptance.",
    ),
    10: (
        "Training, validation and testing data for high-risk AI must be governed: design "
        "choices, data collection and origin, labelling and cleaning, assumptions, availability "
        "and suitability are documented, and data sets are examined for possible biases and "
        "gaps. Data should be relevant, representative and as complete and error-free as "
        "possible; special-category personal data may be processed for bias correction only "
        "under strict safeguards.",
        "Data governance policy for AI; datasheets for datasets; data provenance and lineage "
        "records; data quality reports; bias assessment and fairness testing reports.",
    ),
    11: (
        "Before a high-risk AI system is placed on the market, the provider draws up technical "
        "documentation showing how it meets the requirements, with at least the contents of "
        "Annex IV, and keeps it up to date. SMEs may use a simplified form.",
        "Technical documentation file (Annex IV); system description and architecture; model "
        "cards; design specifications; validation and testing reports.",
    ),
    12: (
        "High-risk AI systems must technically allow automatic recording of events (logs) "
        "during their lifetime, so that situations presenting risk, substantial modifications "
        "and post-market monitoring can be traced. Remote biometric identification systems need "
        "specific log content such as use periods and reference databases.",
        "Logging design specification; event log schema; audit trail of AI system inputs, "
        "outputs and usage; log retention settings for the AI system.",
    ),
    13: (
        "High-risk AI systems are designed so deployers can understand and use their output "
        "properly, and come with instructions for use. These instructions describe the "
        "provider, intended purpose, accuracy and robustness levels, known limitations and "
        "risks, human oversight measures, required resources and how to collect logs.",
        "Instructions for use; user manual for deployers; model card with performance and "
        "limitations; transparency information sheet.",
    ),
    14: (
        "High-risk AI systems are built so that natural persons can oversee them effectively "
        "while in use: people must be able to understand capacities and limits, notice "
        "anomalies, avoid over-reliance (automation bias), interpret output, override or "
        "disregard it, and stop the system. Certain biometric identifications need verification "
        "by two people.",
        "Human oversight procedure; human-in-the-loop design; override and stop-button "
        "functionality; operator training on automation bias; oversight role assignments.",
    ),
    15: (
        "High-risk AI systems must reach appropriate levels of accuracy, robustness and "
        "cybersecurity throughout their life cycle and declare accuracy metrics in the "
        "instructions. They should be resilient to errors, feedback loops and attacks such as "
        "data poisoning, model evasion and adversarial examples.",
        "Accuracy and performance test reports; robustness testing; adversarial testing or AI "
        "red-teaming reports; AI security threat model; fallback and fail-safe designs.",
    ),
    16: (
        "Lists the duties of providers of high-risk AI: ensure the Section 2 requirements are "
        "met, show their name and contact, operate a quality management system, keep "
        "documentation and logs, run conformity assessment, issue the EU declaration, affix CE "
        "marking, register the system, take corrective action and meet accessibility rules. It "
        "is the checklist that ties the other provider articles together.",
        "Provider compliance checklist; obligations register for high-risk AI; evidence index "
        "linking QMS, technical documentation, conformity assessment and registration.",
    ),
    17: (
        "Providers of high-risk AI set up a documented quality management system with written "
        "policies and procedures covering regulatory compliance strategy, design control, "
        "development and quality assurance, testing, data management, risk management, "
        "post-market monitoring, incident reporting, communication with authorities, record "
        "keeping, resources and an accountability framework. Its depth may scale with the "
        "provider's size, and providers already bound by sectoral quality rules may fold it "
        "into that existing system.",
        "Quality management system manual; QMS procedures for design, testing and data "
        "management; compliance strategy; QMS roles and accountability framework.",
    ),
    18: (
        "Providers hold on to compliance documentation for ten years from market placement of a "
        "high-risk AI system and keep it at the disposal of national authorities: technical "
        "documentation, QMS documentation, changes approved by notified bodies, notified body "
        "decisions and the EU declaration of conformity. The retention duty survives insolvency "
        "or the provider ceasing business, so arrangements are needed for that case too.",
        "Document retention schedule (10 years); archived technical documentation; records "
        "management procedure for compliance documents.",
    ),
    19: (
        "Providers keep the logs that their high-risk AI systems generate automatically, where "
        "under their control, for a period suited to the intended purpose and at least six "
        "months, unless other law says otherwise. Financial institutions may keep these logs as "
        "part of their existing financial services documentation.",
        "Log retention policy (minimum six months); log storage configuration; log archive "
        "records.",
    ),
    20: (
        "A provider who believes its high-risk AI system does not conform must immediately "
        "correct it, withdraw, disable or recall it, and inform distributors, deployers and "
        "others concerned. Where the system presents a risk, the provider investigates the "
        "cause with the deployer and informs the market surveillance authorities.",
        "Corrective action procedure for AI systems; product recall or withdrawal procedure; "
        "nonconformity notifications to deployers and authorities.",
    ),
    21: (
        "On a reasoned request from a competent authority, providers must supply all "
        "information and documentation needed to show conformity, in an understandable "
        "language, and give access to automatically generated logs. Authorities must treat what "
        "they receive as confidential.",
        "Regulator request handling procedure; authority correspondence log; document "
        "production records.",
    ),
    22: (
        "Providers established outside the EU must appoint, by written mandate, an authorised "
        "representative in the Union before making a high-risk AI system available. The "
        "representative verifies the documentation, keeps it available, cooperates with "
        "authorities and must end the mandate if the provider breaches its obligations.",
        "Authorised representative mandate; contact details published for authorities; "
        "representative verification records.",
    ),
    23: (
        "Before placing a high-risk AI system on the market, importers check that conformity "
        "assessment was done, technical documentation exists, CE marking and declaration are "
        "present and an authorised representative is appointed. They must not place "
        "non-conforming systems, must show their own contact details and keep records.",
        "Importer due diligence checklist; supplier conformity verification records; copies of "
        "EU declarations and certificates; storage and transport conditions.",
    ),
    24: (
        "Distributors verify that a high-risk AI system bears CE marking, comes with the "
        "declaration and instructions, and that provider and importer met their duties, before "
        "making it available. They withhold or correct non-conforming systems and cooperate "
        "with authorities.",
        "Distributor verification checklist; product acceptance records; nonconformity "
        "notifications to suppliers.",
    ),
    25: (
        "A distributor, importer, deployer or other third party becomes the provider of a "
        "high-risk AI system if it puts its name on it, substantially modifies it or changes "
        "its intended purpose so it becomes high-risk. Suppliers of tools, services and "
        "components used in high-risk AI must, by written agreement, give the provider the "
        "information and help it needs.",
        "AI supplier agreements specifying information and assistance; role determination "
        "assessment (provider vs deployer); substantial modification assessment; AI value chain "
        "contracts.",
    ),
    26: (
        "Deployers use high-risk AI systems according to the instructions for use, assign human "
        "oversight to competent people, keep input data relevant, monitor operation, keep logs "
        "for at least six months and report risks and serious incidents. They inform workers "
        "before workplace use and tell affected people when a high-risk system helps decide "
        "about them.",
        "Deployer AI use procedure; oversight assignments; operational monitoring records; log "
        "retention settings; worker information notices; notices to affected persons.",
    ),
    27: (
        "Public bodies, private operators of public services and deployers of credit scoring or "
        "life and health insurance pricing systems must assess the impact on fundamental rights "
        "before first use. The assessment covers the process, period and frequency of use, "
        "affected groups, specific risks of harm, oversight measures and remedies, and the "
        "market surveillance authority is notified of the result.",
        "Fundamental rights impact assessment (FRIA); affected groups analysis; mitigation and "
        "complaint mechanisms; FRIA notification to the authority.",
    ),
    43: (
        "Sets which conformity assessment route a provider of high-risk AI follows: internal "
        "control (Annex VI) or assessment of the QMS and technical documentation by a notified "
        "body (Annex VII), the latter required for some biometric systems. Systems under Annex "
        "I product laws follow those laws' procedures, and a substantial modification triggers "
        "a new assessment.",
        "Conformity assessment plan; internal control conformity records; notified body "
        "certificates and audit reports; reassessment after substantial modification.",
    ),
    47: (
        "The provider draws up a written, machine-readable, signed EU declaration of conformity "
        "for each high-risk AI system, keeps it for ten years, and thereby takes responsibility "
        "for compliance. The declaration states which requirements and harmonised standards "
        "were applied and is updated when the system changes.",
        "EU declaration of conformity (Annex V contents); signed declaration archive; "
        "translations for Member States.",
    ),
    48: (
        "Each high-risk AI system bears the CE mark where people can clearly see it and where "
        "it will last (on the product, its packaging or documents, or in the interface for "
        "purely digital systems), with the notified body's number where one took part. The "
        "marking signals that the system passed its conformity assessment and may circulate "
        "freely in the EU market.",
        "CE marking records; product labelling specification; digital CE marking display.",
    ),
    49: (
        "Before placing an Annex III high-risk AI system on the market, providers register "
        "themselves and the system in the EU database, as do providers who judged such a system "
        "not high-risk. Public-authority deployers register their use, while systems for law "
        "enforcement and migration go to a non-public part.",
        "EU database registration confirmation; registration data (Annex VIII); deployer "
        "registration records for public bodies.",
    ),
    50: (
        "Transparency duties for certain AI: people must be told they are interacting with an "
        "AI system unless obvious; synthetic audio, image, video or text must be marked in a "
        "machine-readable way; deployers must disclose emotion recognition and biometric "
        "categorisation, and label deep fakes and AI-generated text published on matters of "
        "public interest. The information has to be given clearly at the latest at the first "
        "interaction or exposure, and accessibly.",
        "AI transparency notice; chatbot disclosure text; content watermarking or labelling "
        "standard; deep fake labelling procedure; AI-generated content policy.",
    ),
    72: (
        "Providers set up and document a post-market monitoring system proportionate to the "
        "risk, which actively collects and analyses data on the performance of high-risk AI in "
        "use so that continued compliance can be evaluated. It rests on a post-market "
        "monitoring plan that forms part of the technical documentation.",
        "Post-market monitoring plan; ongoing monitoring of model performance in production; "
        "drift and bias monitoring dashboards; user and deployer feedback records; periodic "
        "compliance evaluations.",
    ),
    73: (
        "Providers of high-risk AI report any serious incident to the market surveillance "
        "authority of the Member State where it occurred, immediately after establishing a "
        "causal link and within 15 days at the latest, with shorter deadlines for widespread "
        "infringements or deaths. They then investigate, assess risk and take corrective "
        "action.",
        "Serious incident reporting procedure; incident reports to authorities; AI incident "
        "register; root cause investigation records.",
    ),
    86: (
        "When a deployer relies on an Annex III high-risk AI system's output to decide "
        "something that legally or otherwise seriously affects a person, that person can ask "
        "the deployer to explain in plain terms what part the AI played and the key reasons "
        "behind the outcome. The right does not apply where other Union or national law already "
        "provides for it or allows exceptions.",
        "Explanation request procedure; explainability documentation; decision explanation "
        "templates; records of explanations given to affected persons.",
    ),
}

# article number -> operator roles the article places duties on
ROLES: dict[int, tuple[str, ...]] = {
    4: (PROVIDER, DEPLOYER),
    5: (PROVIDER, DEPLOYER),
    6: (PROVIDER,),
    **{n: (PROVIDER,) for n in range(8, 22)},
    22: (AUTHORISED_REP, PROVIDER),
    23: (IMPORTER,),
    24: (DISTRIBUTOR,),
    25: (PROVIDER, DEPLOYER, IMPORTER, DISTRIBUTOR),
    26: (DEPLOYER,),
    27: (DEPLOYER,),
    43: (PROVIDER,),
    47: (PROVIDER,),
    48: (PROVIDER,),
    49: (PROVIDER, DEPLOYER),
    50: (PROVIDER, DEPLOYER),
    52: (PROVIDER,),
    53: (PROVIDER,),
    54: (AUTHORISED_REP, PROVIDER),
    55: (PROVIDER,),
    60: (PROVIDER, DEPLOYER),
    61: (PROVIDER,),
    72: (PROVIDER,),
    73: (PROVIDER,),
    86: (DEPLOYER,),
    111: (PROVIDER, DEPLOYER),
}
