"""Own-words text for ISO/IEC 42001:2023 Annex A (objectives and controls).

Every sentence here was written for aimsgraph; none is taken from the standard, its Annex B
guidance or another project. Each text says what the control asks and, in the typical
evidence, the documents and phrases an organisation's AI policies, standards and records use
for it, so that passage matching can tell neighbouring controls apart.
"""

from __future__ import annotations

# notation -> (skos:definition, aims:typicalEvidence)
OBJECTIVES: dict[str, tuple[str, str]] = {
    "A.2": (
        "Objective group on AI policies: management steers and supports AI work through "
        "written policies that reflect business needs and the rules the organisation must "
        "follow. Its controls cover writing the AI policy, fitting it with other policies and"
        " keeping it current.",
        "AI policy framework; responsible AI principles; policy suite covering AI development"
        " and AI use.",
    ),
    "A.3": (
        "Objective group on internal organisation: accountability for AI is built into the "
        "organisation so AI is implemented, run and managed responsibly. Its controls settle "
        "who is responsible for what, and how concerns can be raised.",
        "AI governance structure and organisation chart; accountability framework; AI review "
        "board or ethics committee charter; RACI for AI systems; concern reporting and "
        "escalation channels.",
    ),
    "A.4": (
        "Objective group on resources: the organisation accounts for the data, tools, "
        "computing infrastructure and people its AI systems depend on, so that it can "
        "understand and handle their risks and impacts. Its controls ask for documentation of"
        " each class of resource.",
        "AI resource inventory; AI tool and model register; dataset register; infrastructure "
        "and compute documentation; AI team skills inventory.",
    ),
    "A.5": (
        "Objective group on impacts: the consequences of AI systems for individuals, groups "
        "and society are assessed across the whole system life cycle. Its controls cover the "
        "assessment process, its records, and impacts on individuals and on society.",
        "AI impact assessment framework and procedure; impact assessment register; "
        "assessments of effects on individuals, groups and society; retained assessment "
        "reports.",
    ),
    "A.6": (
        "Objective group on the life cycle: the organisation's commitment to responsible AI "
        "is carried into each stage of an AI system, from design and development through "
        "deployment, operation and retirement. It has two sub-groups: management guidance for"
        " development (A.6.1) and the life-cycle stages themselves (A.6.2).",
        "AI system life-cycle framework; MLOps process; stage gates from design to "
        "retirement; development standard; testing, deployment and monitoring procedures; "
        "technical documentation.",
    ),
    "A.6.1": (
        "Sub-group objective: the organisation identifies and records objectives for "
        "responsible AI development and runs processes that put them into practice. It covers"
        " the objectives and the processes that shape how AI systems are designed and built.",
        "Responsible AI development standard; secure AI development guidelines; responsible "
        "development objectives; design and development process with approval gates.",
    ),
    "A.6.2": (
        "Sub-group objective: criteria and requirements are defined for every stage of the AI"
        " system life cycle. Its controls run from requirements through design, verification,"
        " deployment, operation, documentation and logging.",
        "Life-cycle stage criteria and stage-gate checklists; requirements specification; "
        "design records; test and validation reports; deployment plan; monitoring plan; event"
        " logs.",
    ),
    "A.7": (
        "Objective group on data: the organisation understands what role data plays in its AI"
        " systems and what effects it has, in development, enhancement and operation. Its "
        "controls deal with data management, acquisition, quality, provenance and "
        "preparation.",
        "AI data governance framework; data management standard for AI; data acquisition "
        "rules; data quality criteria; data lineage records; data preparation procedures.",
    ),
    "A.8": (
        "Objective group on information for interested parties: the people concerned get the "
        "information they need to understand and weigh the risks and benefits of AI systems. "
        "Its controls address user information, external reporting channels, incident "
        "communication and reporting duties.",
        "AI transparency framework; disclosure standard; user information and AI notices; "
        "external feedback channel; incident communication plan; regulatory reporting "
        "register.",
    ),
    "A.9": (
        "Objective group on use: the organisation uses AI systems responsibly and in line "
        "with its own policies. Its controls set processes and objectives for use and keep "
        "systems to their intended purpose.",
        "AI acceptable use policy; responsible use guidelines; approved tools list; "
        "objectives for responsible use; intended purpose statements; usage monitoring.",
    ),
    "A.10": (
        "Objective group on third parties and customers: the organisation knows its "
        "responsibilities and stays accountable when suppliers, partners or customers take "
        "part in an AI system's life cycle, and risks are shared out appropriately. Its "
        "controls handle allocation of responsibilities, suppliers and customers.",
        "Third-party AI risk management framework; vendor governance and due diligence; "
        "shared responsibility matrix; supplier contracts for AI; customer terms for AI "
        "features.",
    ),
}

CONTROLS: dict[str, tuple[str, str]] = {
    "A.2.2": (
        "The organisation writes down its AI policy for developing or using AI systems: the "
        "principles it commits to, such as fairness, transparency, accountability, safety and"
        " privacy, the rules that govern AI activities, and how exceptions and deviations are"
        " handled. Business strategy, values, risk appetite and legal duties shape its "
        "content.",
        "AI policy; responsible AI principles or AI ethics principles; guiding principles "
        "(valid and reliable, safe, secure and resilient, accountable and transparent, "
        "explainable, privacy-enhanced, fair with harmful bias managed); policy exceptions "
        "process; generative AI guidelines.",
    ),
    "A.2.3": (
        "The organisation checks where its other policies, such as information security, "
        "privacy and data protection, quality, safety, procurement, HR and the code of "
        "conduct, touch on or are affected by its AI objectives, and aligns them with the AI "
        "policy so they do not conflict. Typical outcomes are cross-references between the AI"
        " policy and related policies and a rule for which prevails when they overlap.",
        "Policy alignment matrix; cross-references from the AI policy to the information "
        "security policy, data protection and privacy policy, data classification policy, "
        "acceptable use policy, code of conduct and procurement policy; related documents "
        "section; policy hierarchy.",
    ),
    "A.2.4": (
        "The AI policy is reviewed on a schedule and whenever something significant changes, "
        "such as new regulation, new AI uses or an incident, so it stays suitable and "
        "effective. A named owner or body reviews it and approves changes.",
        "Policy review frequency (annual or quarterly review); policy owner; review and "
        "approval record; version history table; next review date; revision log of policy "
        "updates; policy updated to track regulatory developments.",
    ),
    "A.3.2": (
        "Roles and responsibilities for AI are defined and allocated across the AI system "
        "life cycle, for instance AI system owner, data steward, model developer, risk and "
        "impact assessor, human overseer, security, privacy, legal and procurement. It is "
        "clear who decides, who approves and who is accountable for each AI system.",
        "RACI matrix for the AI life cycle; AI system owner or model owner designation; AI "
        "review board membership and member responsibilities; operational roles (security "
        "lead, operations lead, engineering); human oversight roles; accountable official; "
        "job descriptions.",
    ),
    "A.3.3": (
        "People can raise concerns about the organisation's conduct with AI systems at any "
        "point of the life cycle through a defined process. The process allows confidential "
        "or anonymous reports, is publicised to staff and contractors, protects reporters "
        "from retaliation, is handled by people with authority to investigate, and escalates "
        "to management promptly.",
        "Whistleblowing or speak-up channel; concern reporting procedure; non-retaliation "
        "statement; ethics hotline; anonymous reporting form; near-miss reporting encouraged;"
        " escalation path for AI ethics concerns; investigation records.",
    ),
    "A.4.2": (
        "For each AI system the organisation identifies and records the resources it relies "
        "on across its life-cycle stages, namely data, tools, computing and people, so that "
        "what sits behind every AI system is known and traceable. This resource record "
        "supports impact and risk assessment and makes it possible to reproduce or audit the "
        "system.",
        "AI system inventory; AI tool register or tool and model inventory; resource "
        "documentation per AI system; AI bill of materials (AI BOM, SBOM); approved tools "
        "list with versions and owners; asset inventory entries for AI services.",
    ),
    "A.4.3": (
        "The organisation records facts about the data each AI system uses: where it comes "
        "from, when it was last updated, its category (training, validation, test, "
        "production), labelling, intended use, known biases, quality, retention and "
        "sensitivity classification. Such records let reviewers judge whether data is fit for"
        " its use and handled according to its sensitivity.",
        "Data inventory or dataset register; datasheets for datasets; data catalogue entries;"
        " data classification tiers (public, internal, confidential, restricted, protected); "
        "data source descriptions; retention periods; known data limitations.",
    ),
    "A.4.4": (
        "The organisation records the tooling behind each AI system: algorithm and model "
        "types, data conditioning and labelling tools, optimisation and evaluation methods, "
        "development and provisioning tools, and the software and hardware used to design, "
        "build and deploy it. Knowing the tools matters because pre-trained models, libraries"
        " and third-party services bring their own risks and licence terms.",
        "Approved AI tools list; ML framework and library inventory (PyTorch, scikit-learn, "
        "Hugging Face); foundation model and LLM provider list; MLOps tooling description; "
        "coding assistant register; model registry; third-party AI API inventory.",
    ),
    "A.4.5": (
        "The organisation records the system and computing resources each AI system needs: "
        "processing and storage requirements, where computation runs (on premises, cloud, "
        "edge device), hardware such as GPUs, network capacity, and the energy and "
        "environmental cost of that computing. Knowing these resources helps plan capacity, "
        "control where data is processed and account for the environmental footprint.",
        "Infrastructure architecture diagram; compute and GPU capacity plan; hosting "
        "environment (cloud region, on-premises cluster, inside-perimeter hosting); data "
        "residency; energy use and carbon footprint of training and inference; infrastructure"
        " cost records.",
    ),
    "A.4.6": (
        "The organisation records the people and skills an AI system depends on for "
        "development, deployment, operation, change, maintenance, transfer, retirement and "
        "verification, such as data scientists, domain experts, human reviewers and security "
        "and privacy specialists, including the diversity of the team. The point is to know "
        "which human skills and roles each AI system needs to remain safe and effective.",
        "AI team roster and skills inventory; competence profiles for data scientists and ML "
        "engineers; AI literacy training for staff; staffing plan for AI projects; human "
        "reviewer assignments; external experts and advisors.",
    ),
    "A.5.2": (
        "The organisation sets up a process for judging how an AI system could affect "
        "individuals, groups and society over its life cycle: what triggers an assessment, "
        "who performs it, which elements it covers (intended purpose, foreseeable misuse, "
        "severity and likelihood of harm) and how its results feed decisions about the "
        "system. Assessments scale with the significance of the system, so high-risk uses get"
        " deeper review.",
        "AI impact assessment procedure; triggers for an assessment (new AI use case, "
        "material change, new data source); impact assessment template or questionnaire; risk"
        " tier classification; review board approval gate; algorithmic impact assessment "
        "methodology.",
    ),
    "A.5.3": (
        "Outcomes of AI system impact assessments are recorded and kept for a defined period "
        "in line with the retention schedule, so they can inform users and others and be "
        "revisited in later reviews. Retained records show what was assessed, when, by whom "
        "and with what conclusion.",
        "Completed impact assessment reports; impact assessment register; retention period "
        "for assessments; approval and sign-off records; published assessment summaries; "
        "algorithmic transparency record (ATRS).",
    ),
    "A.5.4": (
        "The organisation assesses and records how its AI systems could affect particular "
        "people or groups over the life cycle: fairness and discrimination, privacy, safety, "
        "accessibility, autonomy and human rights, and what the affected people expect, with "
        "attention to vulnerable groups such as children or people with disabilities. It asks"
        " the organisation to look at the system from the viewpoint of the people it affects.",
        "Bias and fairness assessment; equality impact assessment; protected characteristics "
        "and algorithmic discrimination analysis; data protection impact assessment; "
        "accessibility review; consultation with affected users; harms assessment for "
        "individuals.",
    ),
    "A.5.5": (
        "The organisation assesses and records wider effects of its AI systems on society "
        "over their life cycle, such as environmental sustainability and energy use, jobs and"
        " the economy, democratic and government processes, misinformation, public health and"
        " safety, and cultural norms. The viewpoint here is collective rather than "
        "individual.",
        "Societal impact assessment; environmental and energy impact statement; workforce and"
        " employment impact analysis; misinformation and deepfake risk analysis; public "
        "interest assessment; sustainability or ESG reporting on AI.",
    ),
    "A.6.1.2": (
        "The organisation names and records objectives that steer responsible AI development,"
        " such as fairness, transparency, explainability, robustness, safety, privacy and "
        "accountability, and builds measures to reach them into its development work. These "
        "objectives become measurable targets that designers and developers must meet, such "
        "as fairness metrics or explainability requirements.",
        "Responsible AI development objectives; trustworthiness characteristics turned into "
        "development requirements; ethics-by-design guidelines; model evaluation targets for "
        "fairness and robustness; responsible AI principles for product development.",
    ),
    "A.6.1.3": (
        "The organisation defines and records concrete processes for responsible design and "
        "development of AI systems: life-cycle stages, testing expectations, human oversight "
        "needs, rules for training data, release criteria, approval gates, change control and"
        " involvement of interested parties. The result is a repeatable development method in"
        " which responsible AI checks are built into each stage.",
        "AI development life-cycle procedure (SDLC for machine learning); MLOps process; "
        "design reviews and stage-gate approvals; model development standard; release "
        "criteria; secure AI development guidelines; AI review board approval process.",
    ),
    "A.6.2.2": (
        "For a new AI system or a significant enhancement, the organisation specifies and "
        "records the requirements: why the system is needed, its intended purpose and users, "
        "functional and non-functional needs such as accuracy, fairness, explainability and "
        "security, the constraints, and how the requirements will be met. Requirements are "
        "written before building or buying, and they become the basis for later verification.",
        "Business case and problem statement ('is AI the right solution?'); AI system "
        "requirements specification; user research and requirements gathering; acceptance "
        "criteria; product requirements document; use-case intake form.",
    ),
    "A.6.2.3": (
        "The design and build of the AI system are recorded against its objectives, "
        "requirements and specification criteria: architecture, model choice, training "
        "approach, data choices, evaluation approach, and the reasons behind design "
        "decisions. This design record lets others understand, review and reproduce how the "
        "system was built.",
        "System design document; model architecture description; model development notes; "
        "experiment tracking logs; architecture decision records; training methodology; data "
        "pipeline design.",
    ),
    "A.6.2.4": (
        "The organisation defines and records how the AI system will be verified and "
        "validated, including test methods, choice of test data, performance and fairness "
        "metrics and acceptance thresholds, and confirms before release that the system meets"
        " its requirements and is fit for its intended use. Evidence shows the system was "
        "tested against its requirements and approved on the basis of the results.",
        "Test plan and test reports; model validation report; evaluation metrics (accuracy, "
        "precision, recall, F1); bias testing results; red teaming and adversarial testing; "
        "benchmark results; user acceptance testing; release sign-off against acceptance "
        "criteria; validation of AI outputs.",
    ),
    "A.6.2.5": (
        "A deployment plan is recorded and the organisation makes sure that the applicable "
        "requirements are met before the AI system goes into service: target environments, "
        "rollout approach, go-live approval, rollback, and differences between development "
        "and production conditions. The focus is the controlled move from development into "
        "production.",
        "Deployment plan; go-live approval and release checklist; production readiness "
        "review; phased rollout or pilot; rollback plan; deployment sign-off by the AI system"
        " owner.",
    ),
    "A.6.2.6": (
        "The organisation defines and records what keeps a deployed AI system running well: "
        "monitoring of performance and drift, detection of errors and failures, repairs, "
        "updates, user support, retraining and reaction to changed operating conditions. It "
        "covers the period when the AI system is live, until it is retired.",
        "Model monitoring plan; drift detection and performance dashboards; operational "
        "runbook; support and maintenance process; retraining schedule; service level "
        "agreement; update and patch records; anomaly monitoring.",
    ),
    "A.6.2.7": (
        "The organisation decides what technical documentation each relevant party, such as "
        "users, partners or supervisory authorities, needs about the AI system and supplies "
        "it in a suitable form: general description and intended purpose, instructions, "
        "technical assumptions for deployment and operation, limitations and known failure "
        "modes. Different audiences need different documents, for instance a model card for "
        "users and a full technical file for an authority.",
        "Technical documentation file; model card; system card; instructions for use; "
        "integration and API documentation for partners; documentation for regulators or "
        "conformity assessment; README documenting architecture and data dependencies.",
    ),
    "A.6.2.8": (
        "The organisation decides in which life-cycle phases event logging is switched on, at"
        " least while the AI system is in use, and records events such as inputs, outputs, "
        "decisions, errors and operator actions so behaviour can be traced and incidents "
        "investigated. Logs are kept long enough to support investigation and accountability.",
        "Logging standard for AI systems; audit trail of prompts and outputs; inference and "
        "decision logs; log retention settings; audit logging enabled on AI tools; "
        "traceability linking AI actions to responsible personnel.",
    ),
    "A.7.2": (
        "The organisation defines, records and applies data management processes for "
        "developing and enhancing AI systems, covering privacy and security implications of "
        "data use, intended use, quality, transparency, rights to use the data and "
        "representativeness. These processes apply to all data used to train, fine-tune, test"
        " or improve models.",
        "AI data governance procedure; data management plan for model training; rules on "
        "using personal or customer data for training (no training on community data without "
        "approval); data minimisation and anonymisation rules; data life-cycle documentation.",
    ),
    "A.7.3": (
        "The organisation sets out and records how data for its AI systems is obtained and "
        "chosen: sources, collection methods, licences and rights to use, consent, the "
        "characteristics and amount needed, and whether data comes from third parties or web "
        "scraping. The aim is that every dataset used for AI was obtained lawfully and "
        "deliberately, with its terms known.",
        "Data acquisition procedure; data sourcing records; data licence agreements and terms"
        " of use; consent records; data supplier contracts; data sharing agreements; "
        "web-scraping rules; copyright clearance for training data.",
    ),
    "A.7.4": (
        "The organisation states and records quality requirements for the data used to "
        "develop and run AI systems, such as accuracy, completeness, consistency, timeliness "
        "and representativeness, checks data against them, and considers how data biases "
        "affect performance and fairness. Poor or unrepresentative data is treated as a risk "
        "to both accuracy and fairness.",
        "Data quality standard; data quality metrics and checks; data validation reports; "
        "bias analysis of training data; representativeness assessment; data profiling "
        "results; data quality issue log.",
    ),
    "A.7.5": (
        "There is a recorded process for tracing where AI data originates and what has "
        "happened to it along the data and system life cycles, for example creation, updates,"
        " transcription, transfer and abstraction, so its lineage can be followed. Provenance"
        " records answer where a dataset came from, which version was used and how it was "
        "changed.",
        "Data lineage records; provenance metadata; dataset versioning; chain of custody log;"
        " data catalogue with source and transformation history; content provenance and "
        "attribution of AI-generated material ('Generated-by' disclosure).",
    ),
    "A.7.6": (
        "The organisation sets criteria for choosing how data is prepared for AI and records "
        "the methods used, for instance cleaning, imputation, normalisation, labelling and "
        "annotation, encoding, feature engineering and de-identification. Preparation choices"
        " are recorded because they can introduce bias or change what a model learns.",
        "Data preparation procedure; data preprocessing pipeline documentation; labelling and"
        " annotation guidelines; data cleaning log; feature engineering notes; anonymisation "
        "and pseudonymisation methods.",
    ),
    "A.8.2": (
        "Users of an AI system get the information they need: that they are dealing with AI, "
        "what the system is for, how to use it properly, what it can and cannot do, how well "
        "it performs and how human oversight applies. This information is aimed at the people"
        " who operate or rely on the system, in language they understand.",
        "User guide or manual; AI disclosure notice to users; statement of model limitations "
        "and known errors (hallucination); FAQ; in-product AI labelling ('AI-generated'); "
        "guidance to verify AI outputs; user training materials.",
    ),
    "A.8.3": (
        "The organisation gives interested parties, such as users, affected persons, "
        "customers and the public, a way to report adverse impacts of, or concerns about, its"
        " AI systems to the organisation. Reports received are assessed and acted upon, and "
        "the channel is easy to find.",
        "External feedback and complaints channel; 'report a problem' form; contact point for"
        " AI concerns in the transparency statement; complaint handling procedure; public "
        "feedback email address; user feedback mechanism.",
    ),
    "A.8.4": (
        "The organisation has a recorded plan for telling users and other affected parties "
        "about incidents involving its AI systems: what counts as an incident, notification "
        "timelines, who decides and communicates, and what information is shared. The plan is"
        " ready before an incident occurs and names who notifies whom, and how fast.",
        "AI incident response plan; incident communication plan and templates; incident "
        "notification procedure for users and customers; escalation matrix; notification "
        "timelines; incident register; postmortem communication.",
    ),
    "A.8.5": (
        "The organisation identifies and records its duties to report information about its "
        "AI systems to interested parties such as regulators, authorities, auditors and "
        "customers, and carries them out. It covers statutory, regulatory and contractual "
        "duties to disclose, as distinct from information for end users.",
        "Register of regulatory reporting obligations; disclosures to regulators and "
        "authorities; registration of AI systems in public registers; public AI transparency "
        "statement; annual reporting on AI use; accountable official contact details.",
    ),
    "A.9.2": (
        "The organisation defines and records processes for using AI systems responsibly: "
        "approval before a tool is used, which tools are permitted for which data, required "
        "human review of outputs, what may not be entered into AI tools, and legal, security "
        "and cost considerations. These are the rules staff follow when they pick up and use "
        "an AI tool day to day.",
        "AI acceptable use policy; approved AI tools list and tool approval process; "
        "generative AI usage guidelines; data handling rules for prompts (never enter "
        "confidential, restricted or personal data); data minimisation; human review of AI "
        "outputs (treat output as a first draft, verify facts and citations); AI never the "
        "sole or final decision-maker; prohibited uses; shadow AI rules.",
    ),
    "A.9.3": (
        "The organisation names and records objectives for its responsible use of AI systems,"
        " such as fairness, accountability, transparency, reliability, safety and privacy, "
        "and puts mechanisms in place to meet them. The objectives make responsible use "
        "measurable and guide how usage is monitored.",
        "Responsible use principles; AI use objectives and metrics; usage monitoring KPIs; "
        "guidance on ethical use of AI tools; academic integrity and attribution "
        "expectations; culture valuing verification over speed.",
    ),
    "A.9.4": (
        "The AI system is used as intended and as its documentation describes; the "
        "organisation monitors how it is used and acts on use outside the intended purpose, "
        "such as misuse or repurposing. The organisation does not let a system drift into "
        "uses it was not designed, assessed or approved for.",
        "Intended purpose statement; instructions for use; usage monitoring and access "
        "pattern reviews; restrictions on use cases; handling of misuse; scope of an approved"
        " use case; out-of-scope uses prohibited.",
    ),
    "A.10.2": (
        "Responsibilities within the AI system life cycle are divided and recorded between "
        "the organisation and its partners, suppliers, customers and other third parties, for"
        " example who acts as provider or deployer and who handles incidents, data and "
        "updates. Clear allocation avoids gaps where each party assumes the other is "
        "responsible.",
        "Shared responsibility matrix; contractual allocation of AI responsibilities; data "
        "processing agreements; joint controller arrangements; RACI with vendors; terms "
        "defining provider and deployer duties.",
    ),
    "A.10.3": (
        "A process makes sure that services, products and materials bought from suppliers, "
        "such as AI models, APIs, datasets and cloud platforms, fit the organisation's "
        "responsible approach to AI: due diligence, contract requirements and monitoring of "
        "supplier performance. Supplier oversight continues after onboarding through periodic"
        " reviews.",
        "AI vendor due diligence questionnaire; supplier risk assessment; procurement "
        "requirements for AI; contract clauses (no training on our data, audit logging, data "
        "residency, IP indemnity); supplier review records; approved vendor list.",
    ),
    "A.10.4": (
        "The organisation's responsible approach to building and using AI takes customers' "
        "expectations and needs into account, for example through suitable information, terms"
        " of use, support and handling of customer concerns. Where the organisation provides "
        "AI to customers, their needs and obligations shape what it builds and tells them.",
        "Customer terms and conditions for AI features; customer-facing AI documentation; "
        "service level agreements; customer requirements analysis; customer feedback "
        "handling; contractual commitments on AI use.",
    ),
}
