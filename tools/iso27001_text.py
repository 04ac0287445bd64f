"""Own-words text for ISO/IEC 27001:2022 clauses 4-10 (definition, typical evidence).

Every sentence here was written for aimsgraph; none is taken from the standard or from
another project. The texts feed evidence matching, so they name the documents and records
that real information security policies and ISMS manuals use. Annex A text lives in
``iso27001_annex_text.py``.
"""

from __future__ import annotations

# notation -> (skos:definition, aims:typicalEvidence)
CLAUSES: dict[str, tuple[str, str]] = {
    "4": (
        "Sets the frame of the information security management system (ISMS): the organisation "
        "works out its internal and external situation, who has a stake in its information "
        "security, and where the ISMS starts and stops. Its outputs (issues, stakeholder "
        "requirements and scope) feed the risk assessment and the rest of the ISMS.",
        "ISMS manual context section; context analysis (PESTLE/SWOT); interested parties "
        "register; ISMS scope statement.",
    ),
    "4.1": (
        "The organisation identifies the internal and external issues that affect its ability "
        "to protect information and reach the intended results of the ISMS. Typical issues are "
        "the threat landscape, business strategy, technology stack, culture and legal climate.",
        "Context of the organisation document; PESTLE or SWOT analysis; strategic issues list "
        "reviewed at management review; ISMS manual section on internal and external issues.",
    ),
    "4.2": (
        "The organisation lists the parties that care about its information security, such as "
        "customers, regulators, staff, suppliers and shareholders, and records what each of "
        "them expects. It decides which of those expectations it will treat as requirements and "
        "how the ISMS will address them.",
        "Interested parties register; stakeholder requirements matrix; legal, regulatory and "
        "contractual requirements register; customer security commitments.",
    ),
    "4.3": (
        "The boundaries of the ISMS are fixed: which sites, business units, services, "
        "information assets and technologies are covered, and how interfaces and dependencies "
        "with activities outside the boundary are handled. Any exclusion must be explained.",
        "ISMS scope statement; scope document with locations, departments, products and systems "
        "in scope; network and organisation diagrams; justification of exclusions; certificate "
        "scope wording.",
    ),
    "4.4": (
        "The organisation sets up, runs, maintains and keeps improving the ISMS as a set of "
        "interacting processes. The processes and how they link up should be defined, not left "
        "implicit.",
        "ISMS manual; ISMS process map; framework document describing how policies, risk "
        "management, audits and reviews fit together.",
    ),
    "5": (
        "Puts top management in charge of information security: visible commitment, an approved "
        "security policy, and clearly assigned roles with the authority to act. Leadership "
        "cannot delegate away accountability for security; it sets direction and gives the ISMS "
        "its mandate.",
        "Signed information security policy; management commitment statement; ISMS roles and "
        "responsibilities (RACI); security steering committee terms of reference.",
    ),
    "5.1": (
        "Senior leadership shows it owns the ISMS: it aligns security objectives with business "
        "strategy, embeds ISMS requirements in business processes, funds the work, communicates "
        "why security matters and backs the people doing it. Accountability for ISMS results "
        "stays with top management.",
        "Board or executive minutes approving the ISMS; management commitment statement; "
        "security budget approval; CEO communications on security; steering committee minutes.",
    ),
    "5.2": (
        "Top management issues an information security policy that fits the organisation's "
        "purpose, sets or frames security objectives, and commits to meeting applicable "
        "requirements and to continual improvement. The policy is documented, communicated "
        "inside the organisation and available to interested parties as appropriate.",
        "Information security policy signed by the CEO or board; policy approval record; "
        "intranet publication and staff acknowledgement records; policy review history.",
    ),
    "5.3": (
        "Responsibilities and authorities for security-relevant roles are assigned and made "
        "known, including someone accountable for the ISMS meeting the standard and someone who "
        "reports ISMS performance to top management. Typical roles include an ISMS owner or "
        "CISO, a security steering group, asset owners and risk owners, each with written "
        "duties.",
        "Roles and responsibilities document or RACI chart; CISO or ISMS manager appointment "
        "letter; job descriptions with security duties; organisation chart; committee charters.",
    ),
    "6": (
        "Covers ISMS planning: deciding how to deal with risks and opportunities, running a "
        "repeatable security risk assessment and risk treatment, setting measurable security "
        "objectives, and planning changes to the ISMS in a controlled way. Planning turns the "
        "context and stakeholder analysis into a risk-based programme of controls and targets.",
        "Risk management methodology; risk register; risk treatment plan; Statement of "
        "Applicability; security objectives plan; change plan for the ISMS.",
    ),
    "6.1": (
        "Groups the planning of actions on risks and opportunities: the general planning step, "
        "the information security risk assessment process and the risk treatment process that "
        "selects controls and produces the Statement of Applicability. Its outputs tie each "
        "significant risk to an owner, a treatment decision and the controls chosen for it.",
        "Risk management policy and methodology; risk register; risk treatment plan; Statement "
        "of Applicability.",
    ),
    "6.1.1": (
        "When planning the ISMS, the organisation looks at its context issues and stakeholder "
        "requirements to find the risks and opportunities that could stop the ISMS from "
        "working, cause unwanted effects or allow improvement. It plans actions on them, builds "
        "those actions into its processes and checks whether they worked.",
        "ISMS risks and opportunities register; planning section of the ISMS manual; action "
        "plan linked to context and interested-party analysis.",
    ),
    "6.1.2": (
        "A defined and repeatable process identifies security risks to the confidentiality, "
        "integrity and availability of information, names a risk owner for each, rates "
        "likelihood and consequence, and compares the result with risk acceptance criteria. "
        "Repeated assessments must give consistent, comparable results.",
        "Information security risk assessment methodology; risk acceptance criteria; risk "
        "scoring matrix; asset-based or scenario-based risk register with named risk owners.",
    ),
    "6.1.3": (
        "For each assessed risk the organisation chooses a treatment option (modify, avoid, "
        "share or retain), picks the controls needed, and compares them with Annex A so that no "
        "necessary control is missed. It produces a Statement of Applicability with reasons for "
        "inclusion or exclusion and a risk treatment plan approved by the risk owners, who also "
        "accept the residual risk.",
        "Statement of Applicability (SoA) listing all 93 Annex A controls with justification "
        "and implementation status; risk treatment plan; risk owner sign-off and residual risk "
        "acceptance records.",
    ),
    "6.2": (
        "Measurable information security objectives are set for relevant functions and levels, "
        "consistent with the policy and the risk results. For each objective the organisation "
        "plans what will be done, with what resources, by whom, by when and how success is "
        "judged.",
        "Information security objectives and KPI plan; security scorecard; objectives tracker "
        "with owners, targets and due dates; annual security plan.",
    ),
    "6.3": (
        "When the ISMS itself needs to change, for example a new scope, restructured roles or a "
        "new tool, the change is planned and carried out in an orderly way rather than ad hoc. "
        "The purpose, consequences, resources and reassignment of responsibilities are "
        "considered before the change goes ahead.",
        "ISMS change log; change plan for the management system; steering committee decisions "
        "on ISMS changes.",
    ),
    "7": (
        "Covers what the ISMS needs to run: resources, competent and aware people, planned "
        "communication, and documented information that is created, approved and controlled. "
        "Without these enablers the planned controls and processes cannot be operated or "
        "sustained.",
        "Resource plan and budget; training and competence records; awareness programme; "
        "communication plan; document control procedure.",
    ),
    "7.1": (
        "The organisation decides what people, budget, tools and infrastructure the ISMS needs "
        "and makes them available for setting it up, running it and improving it. Resource "
        "needs are usually revisited in budgeting cycles and at management review.",
        "Security budget; staffing plan for the security team; tooling and resource requests; "
        "management review decisions on resources.",
    ),
    "7.2": (
        "People whose work affects information security must be competent through education, "
        "training or experience. Gaps are closed with training, mentoring or hiring, the effect "
        "of those actions is checked, and proof of competence is kept.",
        "Competence matrix; role-based training plan; training records and certificates (e.g. "
        "CISSP, ISO 27001 Lead Implementer); CVs; skills gap analysis.",
    ),
    "7.3": (
        "Everyone working for the organisation knows the security policy, how their own work "
        "contributes to the ISMS, and what follows from not meeting its requirements. Awareness "
        "is broader than formal training: people should recognise their part in protecting "
        "information in their daily tasks.",
        "Security awareness programme; induction material; awareness campaign records; phishing "
        "simulation results; policy acknowledgement records.",
    ),
    "7.4": (
        "The organisation plans its internal and external communication about information "
        "security: what is communicated, when, to whom, by whom and how. This includes who "
        "speaks to customers, authorities and the press on security matters, and which channels "
        "are used.",
        "ISMS communication plan or matrix; security newsletters; stakeholder communication "
        "records; procedure for communicating with customers and authorities.",
    ),
    "7.5": (
        "Groups the rules on documented information: what the ISMS must document, how documents "
        "are created and updated, and how they are controlled, distributed, protected and "
        "retained. It makes sure the policies, procedures and records the ISMS relies on are "
        "trustworthy and findable.",
        "Document and records control procedure; document register; records retention schedule.",
    ),
    "7.5.1": (
        "The ISMS keeps the documents the standard asks for and whatever else the organisation "
        "decides it needs to run the ISMS effectively. The amount depends on size, complexity "
        "and competence of people.",
        "Master list of ISMS documents; document hierarchy (policy, standards, procedures, "
        "records); mandatory documents checklist.",
    ),
    "7.5.2": (
        "Documents carry identification such as title, date, author and reference number, use a "
        "suitable format and medium, and are reviewed and approved for adequacy before use. A "
        "consistent template and approval workflow keep uncontrolled drafts out of circulation.",
        "Document template with version table, owner and approval block; document approval "
        "records; version history.",
    ),
    "7.5.3": (
        "Documented information is kept available where needed and protected against loss of "
        "confidentiality, misuse or loss of integrity. Distribution, access, storage, version "
        "control, retention and disposal are managed, including for documents from external "
        "sources.",
        "Document control procedure; document management system settings; access rights to "
        "document repositories; records retention and disposal schedule; obsolete document "
        "handling.",
    ),
    "8": (
        "Covers running the ISMS day to day: planning and controlling security processes, "
        "performing risk assessments at planned intervals or after significant change, and "
        "carrying out the risk treatment plan. This is where the plans from clause 6 become "
        "routine activity with records to show for it.",
        "Operational procedures; risk assessment reports; risk treatment plan progress; "
        "outsourced process controls.",
    ),
    "8.1": (
        "Security processes are planned, implemented and controlled with criteria, and records "
        "show they ran as planned. Planned changes are controlled, unintended changes are "
        "reviewed, and externally provided processes, products or services relevant to the ISMS "
        "are controlled.",
        "Operational procedures and work instructions; process performance records; change "
        "records; supplier and outsourcing control records.",
    ),
    "8.2": (
        "Risk assessments are actually performed at planned intervals and whenever significant "
        "changes are proposed or happen, using the criteria set during planning, and their "
        "results are recorded. A new product, a major supplier change, a merger or a serious "
        "incident typically triggers a fresh assessment.",
        "Risk assessment reports; updated risk register; annual risk review record; risk "
        "assessment for a new system or major change.",
    ),
    "8.3": (
        "The risk treatment plan is put into effect and the results of treatment are recorded, "
        "so it is visible which controls were implemented and which risks remain. Progress "
        "against the plan is tracked and overdue treatments are escalated to the risk owners.",
        "Risk treatment plan status report; control implementation records; residual risk "
        "register; project tracker for security improvements.",
    ),
    "9": (
        "Covers checking how well the ISMS performs: monitoring and measurement, internal "
        "audits and management review by top management. The findings show whether controls "
        "work and whether the ISMS reaches its objectives.",
        "Security metrics dashboard; internal audit programme and reports; management review "
        "minutes.",
    ),
    "9.1": (
        "The organisation decides what to monitor and measure about security processes and "
        "controls, how and when, who analyses the results, and uses them to judge security "
        "performance and ISMS effectiveness. Metrics might include patch compliance, incident "
        "response times, training completion and audit findings closed on time.",
        "Security metrics and KPI definitions; monitoring and measurement plan; monthly "
        "security reports; control effectiveness dashboards.",
    ),
    "9.2": (
        "Groups internal audit: independent, planned audits that check whether the ISMS meets "
        "the organisation's own requirements and the standard, and is effectively implemented. "
        "Findings feed corrective action and management review.",
        "Internal audit procedure; audit programme; audit reports.",
    ),
    "9.2.1": (
        "Internal audits at planned intervals tell management whether the ISMS conforms to the "
        "organisation's own requirements and to the standard, and whether it is effectively "
        "implemented and maintained. The audits cover the full ISMS scope over the audit cycle, "
        "not just selected controls.",
        "Internal audit procedure; audit charter; audit reports stating conformity and "
        "effectiveness.",
    ),
    "9.2.2": (
        "An audit programme sets frequency, methods, responsibilities, planning and reporting, "
        "taking account of process importance and past results. Each audit has criteria and "
        "scope, auditors are objective and impartial, results go to relevant managers, and the "
        "programme and results are recorded.",
        "Internal audit programme or schedule; audit plans and checklists; auditor independence "
        "records; internal audit reports and findings.",
    ),
    "9.3": (
        "Groups management review: top management regularly reviews the ISMS for continuing "
        "suitability, adequacy and effectiveness, on defined inputs, and decides on "
        "improvements and changes. It is the main formal link between ISMS performance and "
        "executive decision making.",
        "Management review procedure; management review agenda and minutes.",
    ),
    "9.3.1": (
        "Top management reviews the ISMS at planned intervals to make sure it remains suitable, "
        "adequate and effective. Reviews are usually held at least once a year and more often "
        "after major incidents or changes.",
        "Management review schedule; management review meeting invitations and minutes.",
    ),
    "9.3.2": (
        "The management review considers the status of earlier actions, changes in context and "
        "stakeholder needs, performance trends (nonconformities, monitoring results, audit "
        "results, objectives), stakeholder feedback, risk assessment and treatment status, and "
        "opportunities for improvement. Preparing a complete input pack lets top management "
        "take informed decisions rather than rubber-stamp a summary.",
        "Management review agenda and input pack; security performance report to the board; "
        "audit and incident summaries presented to management.",
    ),
    "9.3.3": (
        "The review ends with decisions on improvement opportunities and any needed changes to "
        "the ISMS, and these outputs are recorded. Typical outputs include new objectives, "
        "extra resources, policy changes and actions on weaknesses found.",
        "Management review minutes with decisions and action items; action tracker; resource "
        "decisions.",
    ),
    "10": (
        "Covers improvement: making the ISMS better over time and dealing with nonconformities "
        "through correction, root cause analysis and corrective action. Improvement closes the "
        "plan-do-check-act loop of the management system.",
        "Continual improvement plan; nonconformity and corrective action register; lessons "
        "learned.",
    ),
    "10.1": (
        "The organisation keeps improving the suitability, adequacy and effectiveness of its "
        "ISMS, drawing on audits, monitoring, incidents and review outputs. Improvements may be "
        "incremental fixes or larger redesigns of processes and controls.",
        "Continual improvement register; improvement roadmap; management review improvement "
        "actions; maturity assessments.",
    ),
    "10.2": (
        "When something does not conform, the organisation reacts to control and correct it, "
        "analyses the root cause, decides whether similar problems exist elsewhere, takes "
        "corrective action, checks its effectiveness and updates the ISMS where needed. The "
        "nature of each nonconformity, the actions taken and their outcome are recorded.",
        "Nonconformity and corrective action procedure; corrective action register (CAPA log); "
        "root cause analysis records; audit finding closure evidence.",
    ),
}

# Clauses of ISO/IEC 27001:2022 that ask for documented information:
# notation -> (what, mode). Own-words description; modes follow the project's fact file
# (../shared/reference/iso42001-2023-documented-information.csv) for the shared
# Harmonized-Structure clauses. 6.1.1 is not listed: unlike ISO/IEC 42001, ISO/IEC 27001
# asks for no documented information on the general planning of actions.
DOCUMENTED_INFORMATION: dict[str, tuple[str, str]] = {
    "4.3": ("Scope of the information security management system", "maintain"),
    "5.2": ("Information security policy", "maintain"),
    "6.1.2": ("Information security risk assessment process", "retain"),
    "6.1.3": (
        "Information security risk treatment process; Statement of Applicability; "
        "information security risk treatment plan",
        "retain",
    ),
    "6.2": ("Information security objectives", "retain"),
    "7.2": ("Evidence of competence of people doing security-relevant work", "retain"),
    "7.5.1": ("Documented information the organisation decides the ISMS needs", "maintain"),
    "8.1": ("Evidence that security processes were carried out as planned", "maintain"),
    "8.2": ("Results of information security risk assessments", "retain"),
    "8.3": ("Results of information security risk treatment", "retain"),
    "9.1": ("Evidence of monitoring and measurement results", "maintain"),
    "9.2.2": ("Audit programme(s) and internal audit results", "maintain"),
    "9.3.3": ("Results of management reviews", "maintain"),
    "10.2": ("Nonconformities, actions taken and results of corrective action", "maintain"),
}
