"""Own-words text for the ISO/IEC 27001:2022 Annex A themes and controls.

Written for aimsgraph in the vocabulary of real security policies; nothing is copied from
ISO/IEC 27001, ISO/IEC 27002 or another project. notation -> (definition, typical evidence).
"""

from __future__ import annotations

THEMES: dict[str, tuple[str, str]] = {
    "A.5": (
        "Organisational controls: the governance side of security, covering policies, roles, "
        "asset and information handling, access management, suppliers and cloud, incident "
        "management, business continuity, legal compliance and independent review. It is the "
        "largest theme and sets the governance the other three themes rely on.",
        "Information security policy set; asset inventory; access control policy; supplier "
        "security policy; incident response plan; business continuity plan; compliance "
        "register.",
    ),
    "A.6": (
        "People controls: security before, during and after employment, covering background "
        "checks, contract terms, training, discipline, leavers, confidentiality agreements, "
        "remote work and reporting of security events by staff. It reflects that many security "
        "failures start with people, through error, negligence or malice.",
        "HR security policy; screening procedure; employment contracts and NDAs; training "
        "records; remote working policy; event reporting guidance.",
    ),
    "A.7": (
        "Physical controls: protecting sites, offices, server rooms, equipment, storage media "
        "and supporting utilities against unauthorised entry, theft, tampering, damage, "
        "environmental threats and loss, on and off the premises. It applies equally to company "
        "offices, data centres, colocation space and equipment used elsewhere.",
        "Physical security policy; site security plan; visitor logs; CCTV and alarm records; "
        "equipment maintenance logs; media disposal certificates.",
    ),
    "A.8": (
        "Technological controls: technical measures on endpoints, identities and privileged "
        "access, malware, vulnerabilities, configuration, data protection, backup, logging and "
        "monitoring, networks, cryptography and the secure development life cycle. These "
        "controls are largely implemented by IT operations, infrastructure and development "
        "teams.",
        "Technical security standards; hardening baselines; vulnerability scan reports; backup "
        "logs; SIEM configuration; network diagrams; secure development policy.",
    ),
}

CONTROLS_A5: dict[str, tuple[str, str]] = {
    "A.5.1": (
        "The organisation defines a top-level information security policy and supporting "
        "topic-specific policies, has management approve them, publishes them, gets staff and "
        "relevant parties to acknowledge them, and reviews them at planned intervals or after "
        "significant change. Policies set the rules that standards, procedures and technical "
        "configurations then put into practice.",
        "Information security policy; topic-specific policies (access control, acceptable use, "
        "cryptography, backup); policy approval and review records; acknowledgement records.",
    ),
    "A.5.2": (
        "Security duties are defined and allocated to named roles according to the "
        "organisation's needs, for example asset owners, risk owners, the CISO and security "
        "champions, so that everyone knows who is responsible for what. Responsibilities for "
        "protecting specific assets and carrying out specific security processes are written "
        "down.",
        "Security roles and responsibilities matrix (RACI); CISO job description; asset and "
        "risk owner assignments; security organisation chart.",
    ),
    "A.5.3": (
        "Duties and areas of responsibility that conflict, such as requesting and approving "
        "access, or developing and deploying code, are split between different people to reduce "
        "fraud, error and misuse; where splitting is impossible, compensating controls apply. "
        "Segregation is most important for high-impact actions such as payments, production "
        "changes and privileged administration.",
        "Segregation of duties matrix; role conflict rules in the IAM system; four-eyes "
        "approval records; compensating control descriptions.",
    ),
    "A.5.4": (
        "Managers make sure their staff and contractors apply the security policies and "
        "procedures in daily work, brief them on their duties, and support a culture where "
        "security is taken seriously. Management sets the example: staff follow rules more "
        "readily when their managers visibly do so.",
        "Manager responsibilities in the security policy; line manager briefings; performance "
        "objectives with security duties; management attestation records.",
    ),
    "A.5.5": (
        "The organisation knows which authorities (law enforcement, regulators, data protection "
        "authority, CSIRT) it must contact on security matters, who contacts them and when, for "
        "example when reporting a breach. Contacts are kept current so that time is not lost "
        "during an incident or a reportable data breach.",
        "Authority contact list; breach notification procedure naming regulators; regulator "
        "correspondence log; incident response plan escalation contacts.",
    ),
    "A.5.6": (
        "Relationships are kept with security forums, professional associations and "
        "information-sharing groups to stay current on good practice, new threats and "
        "vulnerabilities. Such contacts also provide early warnings and a place to share "
        "experience of incidents and attacks.",
        "Memberships of ISACs, CERT mailing lists or professional bodies; conference and forum "
        "participation records; security advisory subscriptions.",
    ),
    "A.5.7": (
        "Information about threats is collected from internal and external sources, analysed "
        "and turned into intelligence that is acted upon, for example new detection rules, "
        "patch priorities or risk updates. Intelligence may be strategic, tactical or "
        "operational, from indicators of compromise to sector threat trends.",
        "Threat intelligence process; threat feed subscriptions; threat briefings and reports; "
        "records of actions taken on threat indicators.",
    ),
    "A.5.8": (
        "Security is built into every project regardless of type: security requirements are "
        "identified early, risks are assessed at project stages and security tasks are part of "
        "the project plan and gates. Security requirements are also revisited when project "
        "scope changes.",
        "Project management methodology with security checkpoints; project security risk "
        "assessments; security requirements in project charters; gate review records.",
    ),
    "A.5.9": (
        "An inventory of information and associated assets (hardware, software, data, services, "
        "people-held knowledge) is kept accurate and up to date, and each asset has a named "
        "owner. The inventory is the basis for classification, access control, risk assessment "
        "and lifecycle management.",
        "Asset inventory or register; CMDB; data inventory; asset owner assignments; asset "
        "reconciliation records.",
    ),
    "A.5.10": (
        "Rules for the acceptable use and handling of information and assets are written down, "
        "communicated and followed, covering email, internet, devices, removable media and data "
        "handling. Users should know what they may and may not do with company information, "
        "systems and equipment.",
        "Acceptable use policy; IT usage rules; signed acceptable use acknowledgements; "
        "information handling guidelines.",
    ),
    "A.5.11": (
        "When employment, a contract or an agreement ends, staff and external users hand back "
        "all organisational assets in their possession, such as laptops, badges, tokens and "
        "documents. Information held on personal devices used for work is also returned or "
        "securely deleted.",
        "Leaver checklist; asset return forms; offboarding tickets; equipment return records.",
    ),
    "A.5.12": (
        "Information is classified by its confidentiality, integrity, availability and legal "
        "needs using a defined scheme, for example public, internal, confidential and "
        "restricted, so protection matches its value. Owners classify their information and the "
        "classification drives labelling, handling and access rules.",
        "Information classification policy and scheme; classification guidelines; data "
        "classification register.",
    ),
    "A.5.13": (
        "Procedures exist for marking information and assets with their classification, in "
        "documents, emails, systems and physical media, so handlers know how to treat them. "
        "Automated labelling and metadata tagging can support this where manual marking is "
        "impractical.",
        "Labelling procedure; document templates with classification headers; email labelling "
        "tool settings; media labels.",
    ),
    "A.5.14": (
        "Rules, procedures or agreements govern how information is transferred inside the "
        "organisation and with third parties, whether by email, file transfer, physical media "
        "or voice, so it stays protected in transit. Agreements with external parties define "
        "responsibilities, protection measures and notification duties for shared information.",
        "Information transfer policy; data sharing agreements; secure file transfer procedure; "
        "encryption requirements for email and removable media.",
    ),
    "A.5.15": (
        "Access to information and systems is governed by rules based on business and security "
        "needs, such as need-to-know and least privilege, and the rules are documented and "
        "enforced. Access is granted by default deny, with owners approving who may access "
        "what.",
        "Access control policy; role-based access model; least privilege principles; access "
        "control standards per system.",
    ),
    "A.5.16": (
        "The full life cycle of identities, from creation to deactivation, is managed so that "
        "each identity belongs to one person or system, shared identities are exceptional and "
        "approved, and orphaned accounts are removed. Identities are linked to HR and "
        "contractor records so that changes in status are reflected quickly.",
        "Identity management procedure; joiner-mover-leaver process; HR-to-IAM feed; account "
        "reviews; service account register.",
    ),
    "A.5.17": (
        "Passwords, PINs, keys and other secret authentication information are issued securely "
        "and managed under rules that users are told about, such as password strength, no "
        "sharing and changing default credentials. Temporary or initial credentials are changed "
        "at first use and secrets are stored only in protected form.",
        "Password policy; secure credential issuance procedure; password manager standard; user "
        "guidance on authentication secrets.",
    ),
    "A.5.18": (
        "Access rights are requested, approved, provisioned, reviewed and revoked in line with "
        "the access control policy, with periodic recertification and prompt removal when roles "
        "change or people leave. Privileges that accumulate as people move between roles are "
        "removed during recertification.",
        "Access request and approval records; user access review (recertification) reports; "
        "access revocation tickets; provisioning procedure.",
    ),
    "A.5.19": (
        "Security risks that come from using suppliers' products and services are identified "
        "and managed through a defined process covering supplier selection, due diligence and "
        "ongoing oversight. Suppliers are tiered by the criticality of the information and "
        "services they touch.",
        "Supplier security policy; third-party risk management procedure; supplier due "
        "diligence questionnaires; supplier risk register.",
    ),
    "A.5.20": (
        "Security requirements that fit each supplier relationship are agreed in writing, for "
        "example confidentiality, access, incident notification, audit rights and "
        "subcontracting terms. The agreed clauses make the supplier's security obligations "
        "enforceable.",
        "Supplier contracts with security clauses; data processing agreements; security "
        "schedules; NDAs with suppliers.",
    ),
    "A.5.21": (
        "Processes address security risks in the supply chain of ICT products and services, "
        "such as component provenance, software bill of materials and propagation of security "
        "requirements to sub-suppliers. This matters most where suppliers build or host "
        "critical components and their own suppliers are hidden from view.",
        "ICT supply chain security procedure; SBOMs; vendor component assessments; flow-down "
        "clauses for subcontractors.",
    ),
    "A.5.22": (
        "The organisation regularly monitors and reviews suppliers' security performance and "
        "service delivery and manages changes to supplier services, reassessing risk when "
        "something significant changes. Findings lead to remediation requests, contract changes "
        "or, in the end, termination.",
        "Supplier review meeting minutes; SLA and security performance reports; supplier audit "
        "reports or SOC 2 reviews; supplier change assessments.",
    ),
    "A.5.23": (
        "Processes cover acquiring, using, managing and exiting cloud services according to the "
        "organisation's security requirements, including the shared responsibility model and "
        "exit planning. Cloud-specific risks such as misconfiguration, data location and "
        "provider lock-in are addressed.",
        "Cloud security policy; cloud service provider assessments; shared responsibility "
        "matrix; cloud exit strategy; cloud configuration standards.",
    ),
    "A.5.24": (
        "The organisation prepares for incidents by defining incident management processes, "
        "roles, responsibilities and communication in advance, so that it can respond quickly "
        "and in an orderly way. Preparation includes contact lists, tooling, playbooks and "
        "regular exercises.",
        "Incident management policy; incident response plan; CSIRT roles; incident "
        "classification scheme; on-call rota.",
    ),
    "A.5.25": (
        "Security events are assessed against defined criteria to decide whether they are to be "
        "treated as information security incidents, and the decision is recorded. Consistent "
        "triage avoids both ignoring real incidents and escalating every alert.",
        "Event triage procedure; incident categorisation and severity criteria; triage records "
        "in the ticketing system.",
    ),
    "A.5.26": (
        "Incidents are responded to according to documented procedures, covering containment, "
        "eradication, recovery, escalation and communication with affected parties. Response "
        "activities are logged so they can be reviewed and used as evidence later.",
        "Incident response playbooks; incident tickets and timelines; containment and recovery "
        "records; incident reports.",
    ),
    "A.5.27": (
        "Knowledge gained from incidents is used to strengthen and improve controls, for "
        "example through post-incident reviews, root cause analysis and updates to risk "
        "assessments. Recurring incident types point to systemic weaknesses that need more than "
        "a local fix.",
        "Post-incident review (lessons learned) reports; root cause analyses; incident trend "
        "reports; control improvement actions.",
    ),
    "A.5.28": (
        "Procedures cover identifying, collecting, acquiring and preserving evidence about "
        "security events so that it remains usable for disciplinary or legal action, with chain "
        "of custody. Evidence handling respects the legal requirements of the jurisdictions "
        "concerned.",
        "Forensic evidence handling procedure; chain-of-custody forms; forensic readiness plan; "
        "evidence storage logs.",
    ),
    "A.5.29": (
        "The organisation plans how to keep information security at an appropriate level during "
        "a disruption or crisis, so that controls are not dropped when business continuity "
        "arrangements are active. Alternative processes used during a crisis should not open "
        "new security gaps.",
        "Business continuity plan with security requirements; crisis management plan; "
        "continuity exercise reports covering security.",
    ),
    "A.5.30": (
        "ICT readiness for business continuity is planned, implemented, maintained and tested "
        "against recovery objectives derived from the business impact analysis. ICT continuity "
        "arrangements are tested so that systems can be restored within the agreed time.",
        "Business impact analysis with RTO and RPO; IT disaster recovery plan; DR test reports; "
        "failover test records.",
    ),
    "A.5.31": (
        "Legal, statutory, regulatory and contractual requirements relevant to information "
        "security, and the organisation's approach to meeting them, are identified, documented "
        "and kept up to date. Responsibilities are assigned for meeting each obligation, "
        "including export rules for cryptography.",
        "Legal and regulatory requirements register; compliance obligations register; "
        "contractual security obligations list; legal review records.",
    ),
    "A.5.32": (
        "Procedures protect intellectual property rights, including licensed software and "
        "copyrighted material, so that the organisation respects licences and protects its own "
        "IP. Use of open-source components is also checked against their licence terms.",
        "Software licence management records; software asset management reports; IP policy; "
        "licence compliance audits.",
    ),
    "A.5.33": (
        "Records are protected from loss, destruction, falsification, unauthorised access and "
        "release, in line with retention requirements set by law, regulation and business "
        "needs. Records may be electronic or paper and must remain readable for their whole "
        "retention period.",
        "Records management policy; retention schedule; archive procedures; records integrity "
        "controls.",
    ),
    "A.5.34": (
        "The organisation identifies and meets its requirements for privacy and protection of "
        "personally identifiable information (PII) under applicable laws such as the GDPR. "
        "Privacy requirements are built into processes and systems that handle personal data.",
        "Privacy policy; data protection policy; records of processing activities; DPIAs; "
        "privacy notices; data protection officer appointment.",
    ),
    "A.5.35": (
        "The organisation's approach to information security, including people, processes and "
        "technology, is reviewed independently at planned intervals or after significant "
        "change, for example by internal audit or external assessors. Independence means the "
        "reviewer does not audit their own work.",
        "Independent security review reports; external audit or certification reports; "
        "penetration test reports by third parties; internal audit reports.",
    ),
    "A.5.36": (
        "Managers and system owners regularly check that the security policy, topic-specific "
        "policies, rules and standards are followed in their areas, and act on deviations. "
        "Results of these checks are reported and non-compliance is corrected or formally "
        "accepted as an exception.",
        "Compliance check records; policy compliance reviews; technical compliance scans "
        "against standards; exception register.",
    ),
    "A.5.37": (
        "Operating procedures for information processing facilities are documented and made "
        "available to the personnel who need them, covering for example start-up, backup, "
        "handling errors and restarting systems. Procedures are kept current and reviewed when "
        "systems change.",
        "Standard operating procedures (SOPs); runbooks; operations manuals; IT operations wiki "
        "pages.",
    ),
}

CONTROLS_A6: dict[str, tuple[str, str]] = {
    "A.6.1": (
        "Candidates are background-checked before joining and, where appropriate, during "
        "employment, in proportion to the role, the sensitivity of the information accessed and "
        "applicable laws. Checks may cover identity, qualifications, employment history and, "
        "where lawful, criminal records.",
        "Screening and background check procedure; pre-employment check records; reference and "
        "criminal record checks; rescreening schedule.",
    ),
    "A.6.2": (
        "Employment contracts state the employee's and the organisation's responsibilities for "
        "information security, such as confidentiality, acceptable use and legal obligations. "
        "New joiners agree to these terms before they get access to information.",
        "Employment contract template with security clauses; staff handbook; signed terms and "
        "conditions.",
    ),
    "A.6.3": (
        "Staff and relevant interested parties get security awareness, education and training "
        "suited to their roles, and regular updates on policies and procedures. Training is "
        "repeated periodically and its effect is measured.",
        "Security awareness training programme; e-learning completion records; role-based "
        "training records; phishing exercise reports.",
    ),
    "A.6.4": (
        "A formal, communicated disciplinary process deals with people who breach the security "
        "policy, applied fairly and in proportion to the breach. The process also deters "
        "violations because staff know the consequences.",
        "Disciplinary policy referencing security breaches; HR disciplinary procedure; sanction "
        "records.",
    ),
    "A.6.5": (
        "Security duties that continue after someone leaves or changes role, such as "
        "confidentiality, are defined, communicated and enforced. The leaving process also "
        "covers knowledge transfer and removal of access.",
        "Leaver and mover procedure; exit interview records; post-employment confidentiality "
        "clauses; role change access adjustments.",
    ),
    "A.6.6": (
        "Confidentiality or non-disclosure agreements reflecting the organisation's needs are "
        "identified, documented, reviewed regularly and signed by staff and relevant external "
        "parties. The agreements define what is confidential, how long the duty lasts and what "
        "happens on breach.",
        "NDA templates; signed confidentiality agreements; NDA register; periodic NDA review.",
    ),
    "A.6.7": (
        "Security measures protect information accessed, processed or stored when people work "
        "from home or other locations outside the premises. Topics include secure home "
        "networks, device use, physical privacy and the handling of printed material.",
        "Remote working or teleworking policy; VPN and remote access standard; home working "
        "security guidance; remote device requirements.",
    ),
    "A.6.8": (
        "Staff have an easy, known channel to report observed or suspected security events "
        "promptly, and are encouraged to use it. Reporting without blame makes early detection "
        "more likely.",
        "Security event reporting procedure; reporting hotline or mailbox; phishing report "
        "button; incident reporting forms.",
    ),
}

CONTROLS_A7: dict[str, tuple[str, str]] = {
    "A.7.1": (
        "Security perimeters such as walls, fences, gates and reception areas are defined and "
        "used to protect areas that contain information and processing facilities. The strength "
        "of each perimeter matches the value of the assets behind it.",
        "Physical security policy; site plans with security zones; perimeter security "
        "assessments.",
    ),
    "A.7.2": (
        "Secure areas are protected by entry controls and access points, such as badges, "
        "turnstiles and reception sign-in, so only authorised people get in. Entry is logged, "
        "visitors are escorted and access rights to sites are reviewed.",
        "Badge access control system records; visitor log; physical access request and review "
        "records; delivery area procedures.",
    ),
    "A.7.3": (
        "Physical security for offices, rooms and facilities is designed and implemented, for "
        "example locked server rooms and discreet signage for sensitive sites. Sensitive "
        "facilities are not advertised and are located away from public access.",
        "Office security standards; server room access lists; facility security designs.",
    ),
    "A.7.4": (
        "Premises are continuously watched for unauthorised physical access using for example "
        "CCTV, intruder alarms and guards. Monitoring records are retained and reviewed after "
        "suspicious events.",
        "CCTV coverage plan and retention settings; alarm monitoring contracts; guard patrol "
        "logs.",
    ),
    "A.7.5": (
        "Protection is designed and implemented against physical and environmental threats such "
        "as fire, flood, earthquake, power surge and civil unrest. Specialist advice and local "
        "building codes guide the choice of measures.",
        "Environmental risk assessment; fire suppression and detection records; flood "
        "protection measures; insurance surveys.",
    ),
    "A.7.6": (
        "Rules govern working in secure areas, for example no unsupervised work, no recording "
        "devices and locked vacant areas. The rules apply to staff, contractors and visitors "
        "alike.",
        "Secure area working procedure; rules posted at secure areas; supervision records for "
        "third parties.",
    ),
    "A.7.7": (
        "Rules require desks free of papers and removable media and screens locked when "
        "unattended, and are enforced. It reduces the chance of sensitive information being "
        "seen or taken by passers-by, cleaners or visitors.",
        "Clear desk and clear screen policy; screen lock settings (GPO/MDM); clean desk "
        "inspection records.",
    ),
    "A.7.8": (
        "Equipment is sited securely and protected against environmental hazards and "
        "unauthorised access, for example racks in locked rooms away from water pipes. Eating, "
        "drinking and smoking are kept away from sensitive equipment.",
        "Equipment siting guidelines; data centre layout; rack locking and environmental "
        "monitoring records.",
    ),
    "A.7.9": (
        "Assets taken off-site, such as laptops and phones, are protected against loss, theft "
        "and tampering while outside the premises. Users avoid leaving devices unattended in "
        "cars, hotels and public places.",
        "Off-site equipment policy; asset check-out records; travel security guidance; device "
        "encryption enforcement.",
    ),
    "A.7.10": (
        "Storage media such as USB drives, disks and tapes are managed through their life cycle "
        "of acquisition, use, transport and disposal according to the classification scheme. "
        "Media holding sensitive data is encrypted and securely wiped or destroyed when no "
        "longer needed.",
        "Removable media policy; media register; encrypted USB standard; media transport "
        "records.",
    ),
    "A.7.11": (
        "Processing facilities are protected from failures of power, telecommunications, water, "
        "heating and air conditioning and other supporting utilities. Utilities are checked and "
        "tested regularly, with alarms for malfunctions.",
        "UPS and generator test records; HVAC maintenance logs; redundant power and network "
        "feeds; utility monitoring alarms.",
    ),
    "A.7.12": (
        "Power, data and telecommunication cables are protected from interception, interference "
        "and damage, for example with conduits and separated routing. Cabling is labelled and "
        "documented so that faults and tampering can be traced.",
        "Cabling standards; cable routing plans; patch panel labelling; cabling inspection "
        "records.",
    ),
    "A.7.13": (
        "Equipment is maintained according to supplier recommendations so that it remains "
        "available and intact, with only authorised staff doing the work. Equipment sent "
        "off-site for repair is cleared of sensitive data first or kept under supervision.",
        "Maintenance schedules; maintenance logs and service reports; supplier maintenance "
        "contracts.",
    ),
    "A.7.14": (
        "Before disposal or re-use, equipment with storage media is checked so that sensitive "
        "data and licensed software have been securely removed or overwritten. Equipment that "
        "cannot be wiped reliably is physically destroyed.",
        "Secure disposal procedure; data wiping or destruction certificates; disposal records; "
        "asset decommissioning checklist.",
    ),
}
