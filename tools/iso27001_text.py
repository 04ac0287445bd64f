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
        "Before designing controls, the organisation analyses its own situation: business "
        "strategy, culture, technology landscape, threat environment, legal and market climate, "
        "and anything else that could help or hinder protecting its information. The analysis, "
        "often a PESTLE or SWOT exercise, is revisited as circumstances change and feeds risk "
        "assessment and scope.",
        "Context of the organisation document; PESTLE or SWOT analysis; strategic issues list "
        "reviewed at management review; ISMS manual section on internal and external issues.",
    ),
    "4.2": (
        "The organisation works out who has a legitimate interest in how it protects "
        "information, such as customers, regulators, employees, suppliers, insurers and "
        "shareholders, and what each of them expects or demands. It then decides which of those "
        "expectations it adopts as requirements for the ISMS, including legal and contractual "
        "ones.",
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
        "The ISMS is run as a working management system, not a binder of policies: its "
        "processes (risk management, document control, audits, reviews, incident handling and "
        "so on) are defined and linked together. It is kept going and made better over time "
        "rather than set up once for certification.",
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
        "Top management signs off an information security policy suited to the organisation's "
        "mission that either states security objectives or explains how they are set, and "
        "commits the organisation to meeting its obligations and improving continually. The "
        "policy is written down, shared with everyone inside the organisation and made "
        "available to outside parties where that is appropriate.",
        "Information security policy signed by the CEO or board; policy approval record; "
        "intranet publication and staff acknowledgement records; policy review history.",
    ),
    "5.3": (
        "Top management decides who does what in information security and makes sure people "
        "know it: job descriptions, appointment letters and a RACI chart name the holders of "
        "security roles and their authority. Two duties must be covered explicitly: keeping the "
        "ISMS in line with the standard, and reporting on how the ISMS is performing to top "
        "management.",
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
        "requirements to spot what could stop the ISMS achieving its aims, produce side effects "
        "nobody wants, or offer room to do better. It plans responses, builds them into its "
        "processes and later checks whether they worked.",
        "ISMS risks and opportunities register; planning section of the ISMS manual; action "
        "plan linked to context and interested-party analysis.",
    ),
    "6.1.2": (
        "A written method governs how security risks are found and rated: risks to "
        "confidentiality, integrity and availability are identified, each gets a risk owner, "
        "likelihood and impact are scored, and the result is compared with defined criteria for "
        "accepting risk and for when to assess. The method is designed so that different "
        "assessors, or the same assessor at different times, would reach comparable ratings.",
        "Information security risk assessment methodology; risk acceptance criteria; risk "
        "scoring matrix; asset-based or scenario-based risk register with named risk owners.",
    ),
    "6.1.3": (
        "For each assessed risk the organisation chooses a treatment option (modify, avoid, "
        "share or retain) and works out which controls it needs, then cross-checks its "
        "selection against the Annex A list to catch anything overlooked. It produces a "
        "Statement of Applicability giving the reason for including or excluding each Annex A "
        "control and its implementation status, plus a risk treatment plan that risk owners "
        "approve along with the residual risk.",
        "Statement of Applicability (SoA) listing all 93 Annex A controls with justification "
        "and implementation status; risk treatment plan; risk owner sign-off and residual risk "
        "acceptance records.",
    ),
    "6.2": (
        "Security objectives are set where they make a difference, for the organisation as a "
        "whole and for relevant teams, aligned with the policy and the risk picture and "
        "measurable where practical. Each objective has an action plan saying who will do what, "
        "with which resources and by when, and how progress will be judged; objectives are "
        "communicated, monitored and updated.",
        "Information security objectives and KPI plan; security scorecard; objectives tracker "
        "with owners, targets and due dates; annual security plan.",
    ),
    "6.3": (
        "When the ISMS itself needs to change, for example a new scope, a restructured security "
        "team or a new GRC tool, the change is prepared rather than improvised. Its purpose, "
        "consequences, resources and reassignment of responsibilities are considered before it "
        "goes ahead.",
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
        "The organisation works out and provides what the ISMS needs to work: security staff "
        "and their time, budget, tools and infrastructure, for building it, running it and "
        "improving it. Resource needs are usually revisited in budgeting cycles and at "
        "management review.",
        "Security budget; staffing plan for the security team; tooling and resource requests; "
        "management review decisions on resources.",
    ),
    "7.2": (
        "For each role that affects security, the organisation defines the skills and knowledge "
        "required and checks that the people in those roles have them through education, "
        "training or experience. Where gaps exist it trains, mentors, reassigns or hires, "
        "checks whether that worked, and keeps records proving competence.",
        "Competence matrix; role-based training plan; training records and certificates (e.g. "
        "CISSP, ISO 27001 Lead Implementer); CVs; skills gap analysis.",
    ),
    "7.3": (
        "Everyone working under the organisation's control, including contractors, should know "
        "that a security policy exists and what it says in outline, how their daily work helps "
        "keep information safe, and what happens when security rules are ignored. Awareness is "
        "broader than formal training: it is about recognising one's own part.",
        "Security awareness programme; induction material; awareness campaign records; phishing "
        "simulation results; policy acknowledgement records.",
    ),
    "7.4": (
        "The organisation decides in advance how it communicates about information security "
        "inside and outside: which topics, at what times, to which audiences, through which "
        "channels and who speaks. This includes who talks to customers, authorities and the "
        "press about security matters.",
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
        "The ISMS holds the documents and records the standard itself calls for, plus whatever "
        "else the organisation judges necessary for the ISMS to work. How much is written down "
        "depends on the organisation's size and activities, the complexity of its processes and "
        "the competence of its people.",
        "Master list of ISMS documents; document hierarchy (policy, standards, procedures, "
        "records); mandatory documents checklist.",
    ),
    "7.5.2": (
        "Every ISMS document carries identifying details such as title, version, date, owner "
        "and reference, is produced in a suitable format (text, diagram, electronic or paper) "
        "and is reviewed and approved before release. A consistent template and approval "
        "workflow keep uncontrolled drafts out of circulation.",
        "Document template with version table, owner and approval block; document approval "
        "records; version history.",
    ),
    "7.5.3": (
        "ISMS documents and records can be found and used by the people who need them, when "
        "they need them, and are shielded from unauthorised disclosure, misuse or alteration. "
        "Document control covers who receives them, access, storage and preservation, version "
        "changes, how long they are kept and how they are disposed of, and applies to documents "
        "received from outside too.",
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
        "Security processes and the actions planned under clause 6 are carried out in practice "
        "according to defined criteria, with enough records to show they ran as intended. "
        "Planned changes are controlled, the effects of unplanned ones are reviewed and "
        "mitigated, and outsourced processes, products or services that matter for security are "
        "kept under control.",
        "Operational procedures and work instructions; process performance records; change "
        "records; supplier and outsourcing control records.",
    ),
    "8.2": (
        "The risk assessment method is actually run: on a regular schedule, for example yearly, "
        "and whenever a significant change is planned or happens, such as a new product, a "
        "major supplier change, a merger or a serious incident. Each run uses the agreed "
        "criteria and its results are kept.",
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
        "The organisation chooses which security processes and controls to measure, which "
        "methods give valid results, how often to collect and analyse the data and who does it. "
        "The measurements are then used to judge whether security is performing and the ISMS is "
        "effective; metrics might include patch compliance, incident response times or training "
        "completion.",
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
        "Planned internal audits give management an objective view of whether the ISMS follows "
        "both the organisation's own rules and the standard, and whether it works in practice "
        "and is being kept up. Over the audit cycle the audits cover the full ISMS scope, not "
        "just selected controls.",
        "Internal audit procedure; audit charter; audit reports stating conformity and "
        "effectiveness.",
    ),
    "9.2.2": (
        "An audit programme lays out how often and how audits happen, who performs and plans "
        "them and how results are reported, weighting areas by importance and past findings. "
        "Each audit has a defined scope and criteria, auditors are chosen so they do not audit "
        "their own work, findings reach the responsible managers, and the programme and reports "
        "are kept.",
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
        "At planned intervals, usually at least once a year and more often after major "
        "incidents or changes, top management sits down to judge whether the ISMS still fits "
        "the organisation, is sufficient and delivers results. This is the main formal link "
        "between ISMS performance and executive decisions.",
        "Management review schedule; management review meeting invitations and minutes.",
    ),
    "9.3.2": (
        "Management review works from a prepared pack: follow-up on actions from earlier "
        "reviews, what has changed in the organisation's context and stakeholders' demands, "
        "security performance data (nonconformities and corrective actions, metrics, audit "
        "findings, progress on objectives), feedback from interested parties, the current risk "
        "picture and treatment progress, and ideas for improvement. A complete pack lets top "
        "management take informed decisions rather than rubber-stamp a summary.",
        "Management review agenda and input pack; security performance report to the board; "
        "audit and incident summaries presented to management.",
    ),
    "9.3.3": (
        "The review ends with recorded decisions: where to improve, what to change in the ISMS "
        "and what resources to allocate. Typical outputs include new objectives, budget or "
        "staffing decisions, policy changes and actions on weaknesses found.",
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
        "Beyond fixing problems, the organisation looks for ways to make its ISMS fit better, "
        "cover more of what matters and deliver stronger results, drawing on audits, metrics, "
        "incidents and review outputs. Improvements may be incremental fixes or larger "
        "redesigns of processes and controls.",
        "Continual improvement register; improvement roadmap; management review improvement "
        "actions; maturity assessments.",
    ),
    "10.2": (
        "When a requirement is not met, whether found in an audit, an incident or a routine "
        "check, the organisation first contains and fixes the problem and deals with its "
        "consequences. It then finds the root cause, checks whether the same problem exists or "
        "could arise elsewhere, takes corrective action, verifies the action worked and adjusts "
        "the ISMS if needed, keeping records of each case from finding to closure.",
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
