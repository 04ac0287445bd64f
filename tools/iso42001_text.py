"""Own-words text for ISO/IEC 42001:2023 clauses 4-10 (definition, typical evidence).

Every sentence here was written for aimsgraph; none is taken from the standard or from
another project. The texts drive evidence matching (dense embeddings and BM25) of policy
passages against requirements, so each one names the documents, records and phrases that
real AI governance policies, charters and playbooks use, and says what sets the clause apart
from its neighbours. Annex A text lives in ``iso42001_annex_text.py``.
"""

from __future__ import annotations

# notation -> (skos:definition, aims:typicalEvidence)
CLAUSES: dict[str, tuple[str, str]] = {
    "4": (
        "Lays the groundwork of the AI management system (AIMS): before planning anything the"
        " organisation studies its situation, the people and bodies with a stake in its AI, "
        "and decides where the management system begins and ends. It also asks that the AIMS "
        "be set up and kept running; the sub-clauses hold the detail.",
        "AIMS manual context chapter; context analysis (PESTLE, SWOT); stakeholder register; "
        "AIMS scope statement; AI system inventory; statement of the organisation's AI role "
        "(developer, provider, deployer, user).",
    ),
    "4.1": (
        "The organisation identifies the internal and external issues that shape what its AI "
        "management system can achieve: laws and regulations on AI, technology and market "
        "trends, culture, ethics and the purposes its AI systems serve. It states its own "
        "role towards AI, such as developer, provider, deployer, user or data supplier, and "
        "says whether climate change matters for it.",
        "Context of the organisation analysis; internal and external issues register; PESTLE "
        "or SWOT of AI adoption; regulatory horizon scanning (EU AI Act, Colorado AI Act, "
        "GDPR, sector rules); AI strategy paper; statement of our role as AI developer, "
        "provider, deployer or user; legal and regulatory context section of the AI policy.",
    ),
    "4.2": (
        "The organisation names everyone with a stake in its AI systems, for example "
        "customers, end users, people affected by automated decisions, regulators, staff, "
        "suppliers and funders, and records what each group needs and expects. It then "
        "decides which of those expectations, including legal and contractual duties, the "
        "AIMS will treat as requirements.",
        "Stakeholder register or stakeholder map; interested parties analysis with needs and "
        "expectations; identifying and prioritising stakeholders; stakeholder engagement "
        "plan; consultation with affected communities and end users; legal and contractual "
        "obligations register.",
    ),
    "4.3": (
        "The boundaries of the AI management system are fixed and written down: which "
        "business units, sites, activities, AI systems and life-cycle stages it covers, and "
        "what is left out and why. The scope reflects the context issues and stakeholder "
        "requirements and is kept as documented information.",
        "AIMS scope statement; scope and applicability section of the AI policy ('this policy"
        " applies to all employees, contractors, AI agents and AI systems developed, deployed"
        " or operated by…'); list of in-scope AI systems and units; documented exclusions; "
        "certification scope.",
    ),
    "4.4": (
        "The organisation puts in place, operates, maintains and keeps improving an AI "
        "management system, the set of interacting processes, roles and records through which"
        " it governs AI, as this standard describes. It is the umbrella duty that clauses 5 "
        "to 10 make concrete.",
        "AI governance framework; AIMS manual or handbook; AI governance operating model and "
        "process map; AI governance programme charter; integration of the AIMS with existing "
        "ISO 27001, ISO 9001 or privacy management systems.",
    ),
    "5": (
        "Top management must own AI governance in a visible way: it commits to the management"
        " system, issues the AI policy and makes sure that responsibilities and authorities "
        "are handed out and understood. Auditors look for leadership decisions that are "
        "recorded rather than delegated away, and for governance bodies that report to the "
        "top.",
        "Board or executive mandate for AI governance; AI policy signed by leadership; "
        "governance committee terms of reference; accountable executive appointment.",
    ),
    "5.1": (
        "Senior leaders show through their actions that they back the AI management system: "
        "they set an AI policy and objectives that fit the strategy, build the requirements "
        "into business processes, supply resources, explain why responsible AI matters and "
        "support the people who contribute. They promote continual improvement and help other"
        " managers lead in their own areas.",
        "Executive sponsorship statement; board minutes approving the AI governance "
        "programme; foreword to the AI policy by the CEO or CTO; budget approved for AI "
        "governance; leadership communications on responsible AI; steering committee minutes;"
        " appointment of a Chief AI Officer; executive leadership accepts organisational "
        "risk.",
    ),
    "5.2": (
        "Top management issues an AI policy that suits the organisation's purpose, gives a "
        "frame for setting AI objectives and commits to meeting applicable requirements and "
        "to improving the AIMS. The policy is documented, made known inside the organisation "
        "and available to interested parties where appropriate.",
        "AI policy or AI governance policy document; policy statement and purpose; commitment"
        " to comply with applicable law and to continual improvement; policy approval by top "
        "management; policy published on the intranet; staff acknowledgement of the AI "
        "policy.",
    ),
    "5.3": (
        "Top management ensures that responsibilities and authorities for the roles of the "
        "AIMS are assigned and communicated, including who makes sure the system conforms to "
        "this standard and who reports on its performance to leadership. In practice this "
        "names an AIMS owner or AI governance lead, sets up a governance committee or review "
        "board with a charter, and makes escalation routes clear.",
        "Roles and responsibilities section of the AI policy; AI review board or governance "
        "committee charter; RACI for the AIMS; appointment of an AI governance lead or "
        "accountable official; organisation chart; job descriptions with AIMS duties.",
    ),
    "6": (
        "Planning gathers the forward-looking work of the AIMS: deciding which risks and "
        "opportunities to act on, how AI risks are assessed and treated, how effects on "
        "people and society are judged, which objectives to pursue and how changes to the "
        "system are planned. It is where the AIMS turns from describing the organisation to "
        "deciding what to do about uncertainty.",
        "AI risk management framework; risk and impact methodology; AI objectives plan; AIMS "
        "change plan.",
    ),
    "6.1": (
        "Umbrella for planning the treatment of uncertainty in the AIMS: which risks and "
        "opportunities to address, the method for assessing and treating AI risks, and the "
        "method for judging consequences of AI systems for people and society. Sub-clauses "
        "6.1.1 to 6.1.4 hold the detailed duties.",
        "AI risk management policy; risk and opportunity register; AI risk appetite "
        "statement; risk and impact assessment methodology.",
    ),
    "6.1.1": (
        "When planning, the organisation uses its context and stakeholder requirements to "
        "decide which risks and opportunities need action so the AIMS delivers its outcomes, "
        "avoids unwanted effects and improves. It sets criteria that separate acceptable from"
        " unacceptable AI risk, plans actions, builds them into its processes and checks that"
        " they worked, keeping records of the planned actions.",
        "Risk and opportunity register; AI risk criteria and risk acceptance criteria; risk "
        "appetite and risk tolerance statement (acceptable, requires acceptance, unacceptable"
        " under any circumstances); AI use-case risk tiers (low, medium, high risk); risk "
        "management procedure; planned risk actions.",
    ),
    "6.1.2": (
        "The organisation defines and runs a repeatable AI risk assessment process: it finds "
        "risks that could stop it reaching its AI objectives, analyses the possible "
        "consequences for itself, individuals and society together with their likelihood, and"
        " rates them against its risk criteria to set priorities. The process must give "
        "consistent, comparable results and is kept as documented information.",
        "AI risk assessment procedure; risk assessment methodology (likelihood and impact "
        "matrix, CIS-RAM, NIST AI RMF Map and Measure); AI risk register and risk catalogue; "
        "risk identification workshops; threat modelling of AI (prompt injection, data "
        "poisoning, model drift, hallucination, bias, data leakage); risk scoring; risk "
        "owners.",
    ),
    "6.1.3": (
        "Using the assessment results, the organisation selects treatment options and the "
        "controls they need, checks the selection against Annex A so nothing necessary is "
        "missed, and writes a Statement of Applicability that justifies each inclusion and "
        "exclusion. It prepares an AI risk treatment plan and has risk owners approve it and "
        "accept the remaining risk.",
        "AI risk treatment plan; Statement of Applicability (SoA); control selection "
        "rationale; residual risk acceptance signed by the risk owner; formal risk acceptance"
        " with compensating controls and expiry date; mitigation action plan with owners and "
        "deadlines; exception register.",
    ),
    "6.1.4": (
        "The organisation defines how it will judge the possible consequences of developing, "
        "providing or using its AI systems for individuals, groups of people and society, "
        "taking the technical and social setting and the applicable jurisdictions into "
        "account. Results inform the risk assessment, are documented, and may be shared with "
        "the people concerned where suitable.",
        "AI impact assessment procedure; algorithmic impact assessment (AIA) template; "
        "fundamental rights impact assessment; human rights or equality impact assessment; "
        "data protection impact assessment (DPIA) extended to AI; review board screening "
        "questionnaire for new AI use cases.",
    ),
    "6.2": (
        "The organisation sets AI objectives for the relevant functions and levels that match"
        " the AI policy, are measurable where practicable, are monitored, communicated and "
        "updated. For each objective it plans the work, the resources, the person "
        "responsible, the deadline and how results will be evaluated, and it keeps the "
        "objectives on record.",
        "AI objectives and key performance indicators; responsible AI goals (share of AI "
        "systems with an impact assessment, bias testing coverage, AI training completion "
        "rate); AI strategy roadmap; annual AI governance plan with owners and target dates; "
        "objectives tracking dashboard.",
    ),
    "6.3": (
        "When the AI management system itself has to change, for example a new governance "
        "structure, new processes or a wider scope, the change is planned and carried out in "
        "a controlled way, looking at its purpose, consequences, resources and reassignment "
        "of responsibilities. The aim is to keep the system intact while it changes, so "
        "nothing falls between roles and no control lapses during a transition.",
        "AIMS change management procedure; change request and impact analysis for governance "
        "changes; transition plan for a new AI governance structure; policy change log and "
        "revision history; charter amendment process.",
    ),
    "7": (
        "Support covers what the AIMS needs in order to work: resources, competent and aware "
        "people, planned communication, and documents and records that are created and "
        "controlled properly. These are the enabling conditions without which the policy and "
        "plans stay on paper.",
        "AI governance resource plan and budget; competence and training programme; awareness"
        " campaign; AIMS communication plan; document and records control procedure; document"
        " register.",
    ),
    "7.1": (
        "The organisation works out and provides the people, money, infrastructure, tools and"
        " time needed to establish, run, maintain and improve the AI management system. It "
        "concerns resources for running the governance system itself, as opposed to the data,"
        " tools and compute that individual AI systems use.",
        "AI governance budget; staffing plan for the governance team; resource allocation in "
        "the annual plan; funding for governance tooling (model monitoring, bias testing, "
        "audit logging); approved budget for enterprise AI subscriptions; staff time "
        "allocated for review processes.",
    ),
    "7.2": (
        "The organisation decides what competence people doing AIMS work need, makes sure "
        "they have it through education, training or experience, acts to close gaps and "
        "checks whether those actions were effective. Evidence of competence is kept.",
        "Competence or skills matrix for AI roles; training records and certificates; "
        "role-based AI training curriculum for developers, reviewers and approvers; training "
        "needs analysis; CVs and qualification records; AI literacy programme completion "
        "reports.",
    ),
    "7.3": (
        "Everyone working under the organisation's control knows the AI policy, understands "
        "how their work contributes to the AIMS and what it brings, and knows the "
        "consequences of not following its requirements. Awareness is broader than "
        "competence: it reaches every employee, contractor and volunteer who might use AI at "
        "work, typically through onboarding and periodic reminders.",
        "AI awareness training and e-learning; onboarding briefing on acceptable use of AI; "
        "annual policy acknowledgement; awareness campaigns and newsletters on responsible "
        "AI; enforcement and disciplinary consequences of policy violations; lunch-and-learn "
        "sessions.",
    ),
    "7.4": (
        "The organisation decides what it will communicate about the AIMS inside and outside "
        "the organisation: the subject, when, to whom, through which channel and who does it."
        " Typical subjects are the AI policy, governance decisions, changes to approved tools"
        " and public transparency statements.",
        "AIMS communication plan; communication matrix (what, when, to whom, how, by whom); "
        "stakeholder communication schedule; publication of the AI transparency statement; "
        "governance decisions communicated to staff, collaborators and funders.",
    ),
    "7.5": (
        "Groups the duties about the documents and records of the AIMS: which must exist, how"
        " they are written and revised, and how they are controlled over their life. It sets "
        "the discipline that makes AIMS records trustworthy as audit evidence.",
        "Document and records management procedure; documentation hierarchy (policy, "
        "standard, procedure, record); document register; version control and approval rules;"
        " records retention schedule.",
    ),
    "7.5.1": (
        "The AIMS holds the documented information this standard calls for, plus whatever "
        "else the organisation judges necessary for the system to work; how much depends on "
        "size, activities and the complexity of its AI systems. In short, it defines the "
        "documentation set: mandatory documents plus those the organisation adds for its own "
        "needs.",
        "List of mandatory AIMS documents and records; master document list; documentation "
        "index of the AI governance framework; related documents section listing policies, "
        "standards, procedures and templates.",
    ),
    "7.5.2": (
        "When documents and records are created or revised they get proper identification "
        "such as title, date, author or reference number, an appropriate format and medium, "
        "and a review and approval for suitability before they are used. The aim is that "
        "every policy, procedure and record can be identified and shows that the right person"
        " approved the current version.",
        "Document template with title, version, owner, effective date and review date; "
        "version control table; document approval workflow and sign-off; revision history; "
        "drafting guidelines for policies.",
    ),
    "7.5.3": (
        "Documented information is available where and when it is needed and protected from "
        "loss of confidentiality, misuse or loss of integrity. Distribution, access, "
        "retrieval, storage, version control, retention and disposal are managed, including "
        "for documents of external origin.",
        "Document control procedure; records retention schedule; access permissions on the "
        "document repository (SharePoint, Confluence, Git); archive and disposal rules; "
        "controlled copies; documentation kept current and accessible.",
    ),
    "8": (
        "Operation puts the plans into practice: AIMS processes run under control, and AI "
        "risk assessments, risk treatment and AI system impact assessments are actually "
        "carried out on schedule and when things change. It is the 'do' step of the "
        "management cycle, in which the organisation produces the records that prove its "
        "processes are working.",
        "Operating procedures for the AI life cycle; AI use-case intake and approval "
        "workflow; schedule of AI risk and impact assessments; risk treatment tracking; "
        "records of operational control.",
    ),
    "8.1": (
        "The organisation plans, implements and controls the processes needed to meet its "
        "requirements and carry out its planned actions: it sets process criteria and runs "
        "processes against them, controls planned changes, reviews unintended ones and keeps "
        "externally provided processes, products and services under control. Records show the"
        " processes ran as planned.",
        "Operating procedures for AI development and use; AI use-case intake and approval "
        "workflow; process criteria and checklists; change control records; oversight of "
        "outsourced AI services; operational records showing processes performed as planned.",
    ),
    "8.2": (
        "AI risk assessments are actually performed following the defined method, at planned "
        "intervals and whenever significant changes are proposed or occur, and the results "
        "are retained. Each assessment is dated and tied to a system or use case, so the risk"
        " picture stays current as models, tools and uses change.",
        "Completed AI risk assessments; dated risk register entries; quarterly risk landscape"
        " review; reassessment triggered by a new model, new tool or new use case; risk "
        "assessment report per AI system.",
    ),
    "8.3": (
        "The organisation carries out its AI risk treatment plan, verifies that treatments "
        "work, and when an assessment reveals new risks it runs the treatment process again. "
        "Results of treatment are retained.",
        "Risk treatment plan implementation status; mitigation tracking log; evidence of "
        "controls implemented; updated Statement of Applicability; verification of treatment "
        "effectiveness; closed risk actions.",
    ),
    "8.4": (
        "AI system impact assessments are carried out following the defined process, at "
        "planned intervals or when significant changes are proposed or occur, and their "
        "results are kept as documented information. Triggers include a new use case, a new "
        "population of affected people, a retrained model or a new deployment context.",
        "Completed AI impact assessments per AI system; impact assessment reports; "
        "reassessment after model change or new deployment context; sign-off by the AI review"
        " board; register of assessed AI systems.",
    ),
    "9": (
        "Performance evaluation is how the organisation finds out whether the AIMS works: it "
        "monitors and measures, audits itself and has top management review the system. "
        "Together these give top management the facts it needs to decide on improvements.",
        "AI governance KPI dashboard and metrics; monitoring and measurement plan; internal "
        "audit programme and reports; management review agenda and minutes.",
    ),
    "9.1": (
        "The organisation decides what needs monitoring and measuring in the AIMS, the "
        "methods that give valid results, when measurements happen and when results are "
        "analysed and evaluated. It judges the performance and effectiveness of the AIMS and "
        "keeps evidence of the results.",
        "AI governance metrics and KPIs; monitoring and measurement plan; governance metrics "
        "reviewed quarterly (access patterns, DLP incidents, tool utilisation, training "
        "effectiveness); performance reports to the governance committee; model performance, "
        "drift and fairness dashboards.",
    ),
    "9.2": (
        "Internal audits at planned intervals establish whether the AIMS conforms to the "
        "organisation's own requirements and to this standard, and whether it is effectively "
        "implemented and maintained. Audits are performed by people who do not audit their "
        "own work, and their findings feed corrective action and management review.",
        "Internal audit procedure; risk-based audit plan for the AI management system; audit "
        "checklists; internal audit reports and findings; follow-up of audit nonconformities.",
    ),
    "9.2.1": (
        "The organisation audits itself on a schedule to get objective information on two "
        "questions: does the AIMS match both its own rules and the standard's requirements, "
        "and is it really in place and kept up to date. The audit covers the AI policy, "
        "procedures, the controls in the Statement of Applicability and the records of their "
        "use.",
        "Internal audit procedure or charter; internal audit reports on the AI management "
        "system; audit findings and nonconformity reports; compliance audit of the AI policy.",
    ),
    "9.2.2": (
        "An audit programme is planned, set up and maintained, with frequency, methods, "
        "responsibilities, planning requirements and reporting, weighted by the importance of"
        " processes and earlier audit results. Each audit has defined criteria and scope, "
        "objective and impartial auditors, and results reported to the relevant managers; "
        "records of the programme and results are kept.",
        "Annual internal audit programme and schedule; audit plans with criteria and scope; "
        "auditor independence and impartiality; audit checklists; audit reports to "
        "management; audit evidence files.",
    ),
    "9.3": (
        "Top management reviews the AIMS at planned intervals so it stays suitable, adequate "
        "and effective. The review is a minuted decision-making meeting of leadership with "
        "actions assigned.",
        "Management review procedure; agenda and input pack for the leadership review of AI "
        "governance; management review minutes with decisions and actions.",
    ),
    "9.3.1": (
        "At set intervals senior leadership steps back and examines the AI management system "
        "as a whole, confirming that it still fits the organisation, is sufficient and "
        "delivers what it was meant to. It is usually held at least once a year, often as "
        "part of a governance board or executive committee meeting.",
        "Management review schedule; annual management review meeting; quarterly AI review "
        "board meeting reviewing the governance programme; board reporting on AI governance.",
    ),
    "9.3.2": (
        "The review considers set inputs: the status of actions from earlier reviews, changes"
        " in internal and external issues and in stakeholder needs, information on AIMS "
        "performance such as nonconformities, corrective actions, monitoring and audit "
        "results, and opportunities to improve. It may also cover resource adequacy, results "
        "of risk and impact assessments, and feedback from interested parties.",
        "Management review agenda and input pack; status of previous actions; audit results "
        "summary; KPI, incident and near-miss trends; stakeholder feedback; changes in AI "
        "regulation and emerging risks.",
    ),
    "9.3.3": (
        "The review ends in decisions about improvement opportunities and any changes the "
        "AIMS needs, and evidence of those results is retained. Minutes record what was "
        "decided, who owns each action, and by when.",
        "Management review minutes and decisions; action items with owners and due dates; "
        "approved changes to the AIMS; resource decisions; records of decisions and "
        "rationale.",
    ),
    "10": (
        "Improvement asks the organisation to keep making the AIMS better and to respond to "
        "nonconformities with correction and corrective action. It closes the management "
        "cycle: findings from evaluation become changes to policies, processes and controls.",
        "Continual improvement register; lessons learned and postmortems; nonconformity and "
        "corrective action log; root cause analysis; records of improvements made to policies"
        " and controls.",
    ),
    "10.1": (
        "The organisation keeps improving how suitable, adequate and effective its AI "
        "management system is, drawing on audits, reviews, incidents and lessons learned. "
        "Improvement here is proactive and ongoing, not only a reaction to a specific "
        "nonconformity.",
        "Continual improvement register; lessons learned log; blameless postmortems and "
        "post-incident reviews; control improvements from quarterly reviews; policy updates "
        "driven by findings.",
    ),
    "10.2": (
        "When something does not conform, the organisation reacts to control and correct it "
        "and handle the consequences, looks for causes so it does not recur or occur "
        "elsewhere, takes the needed action, reviews whether it worked and changes the AIMS "
        "if necessary. Records of the nonconformity, the actions and their results are kept.",
        "Nonconformity and corrective action procedure; corrective action requests; root "
        "cause analysis; corrective action log; handling of policy violations and enforcement"
        " records; effectiveness review of corrective actions.",
    ),
}
