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
        "A short top-level security policy signed off by management sits above a set of topic "
        "policies (for example access control, acceptable use, cryptography, backup). Each is "
        "published where staff can find it, people confirm they have read it, and owners "
        "revisit it on a fixed cycle and whenever the business, law or threat picture shifts.",
        "Information security policy; topic-specific policies (access control, acceptable use, "
        "cryptography, backup); policy approval and review records; acknowledgement records.",
    ),
    "A.5.2": (
        "Every security task has a named owner: who owns each asset and risk, who runs "
        "vulnerability management, who leads incident response, who approves access. Writing "
        "these assignments down, tailored to how the organisation is structured, prevents gaps "
        "and overlaps in security work.",
        "Security roles and responsibilities matrix (RACI); CISO job description; asset and "
        "risk owner assignments; security organisation chart.",
    ),
    "A.5.3": (
        "No single person should be able to both request and approve, or both build and "
        "release, a sensitive action. Incompatible tasks are given to different people so that "
        "fraud or mistakes need collusion or get noticed, and where a small team cannot split "
        "them, extra monitoring or after-the-fact review compensates.",
        "Segregation of duties matrix; role conflict rules in the IAM system; four-eyes "
        "approval records; compensating control descriptions.",
    ),
    "A.5.4": (
        "Line managers are expected to make their teams actually follow security policies and "
        "procedures, not just know they exist. They brief new staff on their security duties, "
        "include security in objectives and appraisals, and set the example, since staff follow "
        "rules more readily when their managers visibly do so.",
        "Manager responsibilities in the security policy; line manager briefings; performance "
        "objectives with security duties; management attestation records.",
    ),
    "A.5.5": (
        "The organisation keeps an up-to-date list of the official bodies it may need on "
        "security matters (police, the data protection regulator, sector supervisors, the "
        "national CSIRT) with who calls them and in which situations. Reporting deadlines, such "
        "as breach notification windows, are known in advance so no time is lost.",
        "Authority contact list; breach notification procedure naming regulators; regulator "
        "correspondence log; incident response plan escalation contacts.",
    ),
    "A.5.6": (
        "Security staff take part in sector information-sharing groups, professional "
        "associations and expert forums. These contacts keep knowledge current, bring early "
        "warnings of attacks and vulnerabilities, and provide a place to compare notes on "
        "incidents.",
        "Memberships of ISACs, CERT mailing lists or professional bodies; conference and forum "
        "participation records; security advisory subscriptions.",
    ),
    "A.5.7": (
        "The organisation gathers information on threats relevant to it, from vendor "
        "advisories, government alerts, sector sharing groups and its own telemetry, and "
        "analyses it into usable intelligence. The output drives concrete actions such as new "
        "detection rules, patch priorities or updated risk ratings, at strategic, tactical and "
        "operational level.",
        "Threat intelligence process; threat feed subscriptions; threat briefings and reports; "
        "records of actions taken on threat indicators.",
    ),
    "A.5.8": (
        "Every project, whatever its subject, considers security from the start: security "
        "requirements are captured at initiation, risks are assessed at project milestones and "
        "security tasks have owners in the project plan. Gate reviews confirm security work is "
        "done before the project moves on, and requirements are revisited when scope changes.",
        "Project management methodology with security checkpoints; project security risk "
        "assessments; security requirements in project charters; gate review records.",
    ),
    "A.5.9": (
        "The organisation keeps a living register of what it must protect: hardware, software, "
        "cloud services, data sets and key information, each with a named owner and location. "
        "The register underpins classification, access decisions, risk assessment and lifecycle "
        "tasks, so it is reconciled against reality regularly.",
        "Asset inventory or register; CMDB; data inventory; asset owner assignments; asset "
        "reconciliation records.",
    ),
    "A.5.10": (
        "Staff and contractors are told in writing what they may and may not do with company "
        "information, systems, email, internet and equipment, and how to handle information at "
        "each classification level. They acknowledge these rules and follow them in daily work.",
        "Acceptable use policy; IT usage rules; signed acceptable use acknowledgements; "
        "information handling guidelines.",
    ),
    "A.5.11": (
        "Leavers and contractors at the end of an engagement give back laptops, phones, badges, "
        "tokens and documents, and company information held on personal devices is deleted. "
        "Offboarding checklists track each returned item so nothing stays outside the "
        "organisation's control.",
        "Leaver checklist; asset return forms; offboarding tickets; equipment return records.",
    ),
    "A.5.12": (
        "A classification scheme with a small number of levels, for example public, internal, "
        "confidential and restricted, sorts information by how much harm disclosure, alteration "
        "or loss would cause and by legal obligations. Owners assign the level, and the level "
        "drives labelling, handling and access rules.",
        "Information classification policy and scheme; classification guidelines; data "
        "classification register.",
    ),
    "A.5.13": (
        "Classification is made visible through markings on documents, email subject tags, "
        "metadata in systems and labels on physical media, following written labelling "
        "procedures. Handlers can then see at a glance how to treat the item; automated "
        "labelling tools help where manual marking is impractical.",
        "Labelling procedure; document templates with classification headers; email labelling "
        "tool settings; media labels.",
    ),
    "A.5.14": (
        "Whenever information leaves one party for another, by email, file sharing, portals, "
        "couriers, removable media or phone, rules set how it must be protected. Data sharing "
        "agreements with external parties fix responsibilities, encryption expectations and "
        "breach notification for what is exchanged.",
        "Information transfer policy; data sharing agreements; secure file transfer procedure; "
        "encryption requirements for email and removable media.",
    ),
    "A.5.15": (
        "Access to data, applications and premises follows written access rules derived from "
        "business need and security risk, applying need-to-know and least privilege. Owners "
        "decide who may use what, and the default for anyone else is no access.",
        "Access control policy; role-based access model; least privilege principles; access "
        "control standards per system.",
    ),
    "A.5.16": (
        "Each user, device and service account has a unique identity that is created when "
        "needed, linked to an HR or contractor record, changed when roles change and disabled "
        "promptly at departure. Shared or generic accounts are rare, approved exceptions, and "
        "orphaned accounts are hunted down and removed.",
        "Identity management procedure; joiner-mover-leaver process; HR-to-IAM feed; account "
        "reviews; service account register.",
    ),
    "A.5.17": (
        "Passwords, PINs, tokens and keys are handed out through a controlled process and users "
        "are told how to look after them: strong and unique passwords, no sharing, changing "
        "initial or default credentials at first use. Secrets are only stored in protected "
        "form, such as hashed or in a password vault.",
        "Password policy; secure credential issuance procedure; password manager standard; user "
        "guidance on authentication secrets.",
    ),
    "A.5.18": (
        "Permissions are granted only on an approved request, adjusted when people move roles "
        "and withdrawn at departure, all consistent with the access control rules. Owners "
        "recertify who has access at regular intervals, which also removes privileges that "
        "quietly accumulate over time.",
        "Access request and approval records; user access review (recertification) reports; "
        "access revocation tickets; provisioning procedure.",
    ),
    "A.5.19": (
        "Before and while buying from suppliers, the organisation weighs the security risks "
        "their products and services bring, using a defined third-party risk process with due "
        "diligence questionnaires and tiering by criticality. The result shapes which suppliers "
        "are chosen and how closely they are watched.",
        "Supplier security policy; third-party risk management procedure; supplier due "
        "diligence questionnaires; supplier risk register.",
    ),
    "A.5.20": (
        "Contracts with each supplier spell out the security obligations that suit the "
        "relationship: confidentiality, access limits, incident notification timelines, right "
        "to audit, subcontracting conditions and return or deletion of data at exit. Putting "
        "them in writing makes them enforceable.",
        "Supplier contracts with security clauses; data processing agreements; security "
        "schedules; NDAs with suppliers.",
    ),
    "A.5.21": (
        "For technology products and services, the organisation looks beyond its direct "
        "suppliers to the chain behind them: where components come from, software bills of "
        "materials, and whether its security requirements are passed down to sub-suppliers. "
        "This matters most for critical components built or hosted by hidden fourth parties.",
        "ICT supply chain security procedure; SBOMs; vendor component assessments; flow-down "
        "clauses for subcontractors.",
    ),
    "A.5.22": (
        "Supplier security and service quality are checked on an ongoing basis through SLA "
        "reports, review meetings, audit reports or attestations such as SOC 2. Changes a "
        "supplier makes to its service, or changes in its risk, trigger a fresh assessment, and "
        "shortfalls lead to remediation or in the end termination.",
        "Supplier review meeting minutes; SLA and security performance reports; supplier audit "
        "reports or SOC 2 reviews; supplier change assessments.",
    ),
    "A.5.23": (
        "Cloud services follow a defined lifecycle: security requirements when selecting a "
        "provider, a clear split of responsibilities between customer and provider, secure "
        "configuration and monitoring in use, and a tested exit plan. Cloud-specific risks such "
        "as misconfiguration, data location and lock-in are covered.",
        "Cloud security policy; cloud service provider assessments; shared responsibility "
        "matrix; cloud exit strategy; cloud configuration standards.",
    ),
    "A.5.24": (
        "Before anything goes wrong, the organisation sets up how incidents will be handled: an "
        "incident response plan, a response team with defined roles, severity categories, "
        "contact lists, tooling and escalation paths, all communicated to those involved. "
        "Regular exercises test that the preparation works.",
        "Incident management policy; incident response plan; CSIRT roles; incident "
        "classification scheme; on-call rota.",
    ),
    "A.5.25": (
        "Alerts and reported events are triaged against agreed criteria to decide whether each "
        "one is a genuine security incident and how severe it is. The decision and its "
        "reasoning are recorded, so real incidents are not missed and not every alert becomes "
        "an emergency.",
        "Event triage procedure; incident categorisation and severity criteria; triage records "
        "in the ticketing system.",
    ),
    "A.5.26": (
        "When an incident is declared, the team follows its playbooks: contain the damage, "
        "remove the cause, restore services, escalate to management and inform customers, "
        "regulators or others as required. Actions and timings are logged so the response can "
        "be reviewed later and used as evidence.",
        "Incident response playbooks; incident tickets and timelines; containment and recovery "
        "records; incident reports.",
    ),
    "A.5.27": (
        "After significant incidents the organisation holds a post-incident review, finds root "
        "causes and feeds the lessons back into controls, risk assessments, training and "
        "playbooks. Trends across incidents reveal systemic weaknesses that need more than a "
        "local fix.",
        "Post-incident review (lessons learned) reports; root cause analyses; incident trend "
        "reports; control improvement actions.",
    ),
    "A.5.28": (
        "Where an incident may lead to disciplinary, civil or criminal action, digital and "
        "physical evidence is gathered in a forensically sound way and its chain of custody is "
        "documented. Rules for handling evidence respect the legal requirements of the "
        "jurisdictions involved so it remains admissible.",
        "Forensic evidence handling procedure; chain-of-custody forms; forensic readiness plan; "
        "evidence storage logs.",
    ),
    "A.5.29": (
        "Continuity and crisis plans state how protection of information is kept up while "
        "operating in emergency mode, for example when staff work from alternate sites or "
        "manual workarounds are used. Temporary arrangements must not open new security gaps.",
        "Business continuity plan with security requirements; crisis management plan; "
        "continuity exercise reports covering security.",
    ),
    "A.5.30": (
        "IT services needed for critical business processes can be recovered in time: recovery "
        "time and recovery point objectives come from the business impact analysis, and "
        "disaster recovery arrangements are put in place to meet them. Failover and restoration "
        "are tested regularly, and test results drive fixes to the plan.",
        "Business impact analysis with RTO and RPO; IT disaster recovery plan; DR test reports; "
        "failover test records.",
    ),
    "A.5.31": (
        "The organisation maintains a register of the laws, regulations and contract terms that "
        "bear on protecting information, such as data protection, sector rules, export controls "
        "on encryption and customer commitments, with how it complies with each and who is "
        "responsible. The register is refreshed when obligations change.",
        "Legal and regulatory requirements register; compliance obligations register; "
        "contractual security obligations list; legal review records.",
    ),
    "A.5.32": (
        "Software licences, copyrighted content and other intellectual property are respected: "
        "licence counts are tracked, only legitimately acquired software is installed and "
        "open-source licence terms are checked. The organisation also protects its own "
        "intellectual property.",
        "Software licence management records; software asset management reports; IP policy; "
        "licence compliance audits.",
    ),
    "A.5.33": (
        "Business and legal records are kept safe from being lost, destroyed, altered, accessed "
        "or disclosed without authority, for as long as law, regulation or business need "
        "require. Storage media and formats are chosen so records remain readable for the whole "
        "retention period, paper or electronic.",
        "Records management policy; retention schedule; archive procedures; records integrity "
        "controls.",
    ),
    "A.5.34": (
        "Personal data is handled in line with data protection law such as the GDPR and with "
        "contractual privacy commitments: the organisation knows what personal data it "
        "processes and why, assigns privacy roles and builds privacy into processes and "
        "systems. Privacy notices, assessments and processing records show how it complies.",
        "Privacy policy; data protection policy; records of processing activities; DPIAs; "
        "privacy notices; data protection officer appointment.",
    ),
    "A.5.35": (
        "People who do not run the ISMS themselves, such as internal audit, an external "
        "assessor or a certification body, examine how security is organised and working at "
        "planned intervals or after major change. Independence means nobody reviews their own "
        "work.",
        "Independent security review reports; external audit or certification reports; "
        "penetration test reports by third parties; internal audit reports.",
    ),
    "A.5.36": (
        "Managers, system owners and security staff check regularly that their areas actually "
        "comply with the security policy, topic policies and technical standards, using "
        "reviews, self-assessments and automated configuration scans. Deviations are corrected "
        "or recorded as approved exceptions.",
        "Compliance check records; policy compliance reviews; technical compliance scans "
        "against standards; exception register.",
    ),
    "A.5.37": (
        "Run books and standard operating procedures describe how IT operations tasks are done, "
        "such as starting and stopping systems, running backups, handling errors and restoring "
        "services. They are kept current, reviewed when systems change, and accessible to the "
        "staff who carry out the work.",
        "Standard operating procedures (SOPs); runbooks; operations manuals; IT operations wiki "
        "pages.",
    ),
}

CONTROLS_A6: dict[str, tuple[str, str]] = {
    "A.6.1": (
        "New hires and contractors go through background checks before they start, scaled to "
        "the sensitivity of the role and what they will access, and lawful in the country "
        "concerned. Checks may cover identity, qualifications, employment history and, where "
        "allowed, criminal records, and may be repeated for high-trust roles.",
        "Screening and background check procedure; pre-employment check records; reference and "
        "criminal record checks; rescreening schedule.",
    ),
    "A.6.2": (
        "Contracts and terms of engagement make each person's security obligations explicit, "
        "together with what the organisation commits to in return, such as confidentiality, "
        "acceptable use and legal duties. New joiners sign up to these terms before they "
        "receive access to information.",
        "Employment contract template with security clauses; staff handbook; signed terms and "
        "conditions.",
    ),
    "A.6.3": (
        "All staff, and contractors where relevant, receive security awareness content at "
        "induction and at regular intervals, with deeper training for roles such as developers, "
        "administrators and managers. Training covers current policies and threats like "
        "phishing, and completion and effect are tracked.",
        "Security awareness training programme; e-learning completion records; role-based "
        "training records; phishing exercise reports.",
    ),
    "A.6.4": (
        "A documented and published disciplinary process sets out how breaches of security "
        "policy are handled, with sanctions proportionate to the seriousness and intent of the "
        "breach. Handling cases fairly and consistently also deters violations.",
        "Disciplinary policy referencing security breaches; HR disciplinary procedure; sanction "
        "records.",
    ),
    "A.6.5": (
        "Some duties outlast employment, notably keeping information confidential, and they are "
        "written into contracts and reminded at exit. When people change roles or leave, access "
        "is adjusted, knowledge is handed over and the continuing obligations are confirmed.",
        "Leaver and mover procedure; exit interview records; post-employment confidentiality "
        "clauses; role change access adjustments.",
    ),
    "A.6.6": (
        "Staff, contractors and outside parties who see confidential information sign "
        "non-disclosure or confidentiality agreements suited to what they will access. The "
        "agreements say what is confidential, how long the duty lasts and what happens on "
        "breach, and the templates are reviewed periodically.",
        "NDA templates; signed confidentiality agreements; NDA register; periodic NDA review.",
    ),
    "A.6.7": (
        "People working from home or on the move follow rules that protect company information "
        "outside the office: secure connections, managed devices, privacy from onlookers and "
        "safe handling of printed material. Remote access is granted only through approved, "
        "secured channels.",
        "Remote working or teleworking policy; VPN and remote access standard; home working "
        "security guidance; remote device requirements.",
    ),
    "A.6.8": (
        "Staff know how to report anything that looks like a security problem, such as a "
        "suspicious email, a lost laptop or odd system behaviour, and can do so quickly through "
        "an easy channel. A no-blame culture encourages early reporting.",
        "Security event reporting procedure; reporting hotline or mailbox; phishing report "
        "button; incident reporting forms.",
    ),
}

CONTROLS_A7: dict[str, tuple[str, str]] = {
    "A.7.1": (
        "Sites are divided into zones with physical boundaries, such as fences, walls, locked "
        "doors and staffed reception, whose strength matches the value of what lies inside. "
        "Server rooms and areas holding sensitive information sit within the most protected "
        "zones.",
        "Physical security policy; site plans with security zones; perimeter security assessments.",
    ),
    "A.7.2": (
        "Only authorised people get into protected areas, enforced with badge readers, "
        "turnstiles, keys or reception sign-in. Visitors are logged and escorted, deliveries "
        "are handled outside secure zones, and site access rights are reviewed regularly.",
        "Badge access control system records; visitor log; physical access request and review "
        "records; delivery area procedures.",
    ),
    "A.7.3": (
        "Offices, server rooms and other facilities get physical protection designed for their "
        "sensitivity, such as locked rooms, restricted key holding and keeping sensitive sites "
        "unadvertised. Facilities holding critical equipment are placed away from public "
        "access.",
        "Office security standards; server room access lists; facility security designs.",
    ),
    "A.7.4": (
        "Surveillance such as CCTV, intruder alarms and security guards keeps watch over "
        "premises so that unauthorised entry is detected. Recordings and alarm logs are kept "
        "for a set period and reviewed after suspicious events.",
        "CCTV coverage plan and retention settings; alarm monitoring contracts; guard patrol logs.",
    ),
    "A.7.5": (
        "Buildings and equipment are protected against fire, flooding, extreme temperatures, "
        "earthquakes, power surges and deliberate physical attacks, based on an assessment of "
        "the site's exposure. Specialist advice and building codes guide measures such as fire "
        "suppression and water detection.",
        "Environmental risk assessment; fire suppression and detection records; flood "
        "protection measures; insurance surveys.",
    ),
    "A.7.6": (
        "Extra rules apply inside secure areas: no unaccompanied visitors or contractors, no "
        "photography or recording devices unless authorised, and empty rooms kept locked. The "
        "rules are posted and apply equally to employees and third parties.",
        "Secure area working procedure; rules posted at secure areas; supervision records for "
        "third parties.",
    ),
    "A.7.7": (
        "Papers and removable media are cleared away and locked up when desks are left, and "
        "screens lock automatically or manually when unattended. This reduces the chance of "
        "sensitive information being seen or taken by cleaners, visitors or passers-by, and "
        "compliance is spot-checked.",
        "Clear desk and clear screen policy; screen lock settings (GPO/MDM); clean desk "
        "inspection records.",
    ),
    "A.7.8": (
        "Servers, network gear and other equipment are placed where they are safe from "
        "environmental hazards and from people without authority, for example in locked racks "
        "away from water pipes and windows. Food, drink and smoking are kept away from "
        "sensitive equipment.",
        "Equipment siting guidelines; data centre layout; rack locking and environmental "
        "monitoring records.",
    ),
    "A.7.9": (
        "Laptops, phones and other equipment used away from the premises are protected against "
        "theft, loss and tampering. Users keep them with them rather than in cars or hotel "
        "rooms, devices are encrypted, and assets taken off-site are tracked.",
        "Off-site equipment policy; asset check-out records; travel security guidance; device "
        "encryption enforcement.",
    ),
    "A.7.10": (
        "USB drives, external disks, tapes and printed media are tracked from purchase to "
        "destruction and handled according to the classification of the data they hold. "
        "Sensitive media is encrypted, transported securely and wiped or destroyed when no "
        "longer needed.",
        "Removable media policy; media register; encrypted USB standard; media transport records.",
    ),
    "A.7.11": (
        "Power, cooling, telecommunications and water supplies that systems depend on are "
        "protected against failure, for example with UPS units, generators and redundant feeds. "
        "These utilities are inspected and tested regularly and raise alarms when they "
        "malfunction.",
        "UPS and generator test records; HVAC maintenance logs; redundant power and network "
        "feeds; utility monitoring alarms.",
    ),
    "A.7.12": (
        "Power and network cabling is routed and shielded so it cannot easily be tapped, "
        "disrupted or damaged, for example in conduits or under floors, with power and data "
        "cables kept apart. Cabling is labelled and documented so faults and tampering can be "
        "traced.",
        "Cabling standards; cable routing plans; patch panel labelling; cabling inspection "
        "records.",
    ),
    "A.7.13": (
        "Equipment is serviced at the intervals and in the way the manufacturer recommends, "
        "only by authorised personnel, so that it stays reliable and does not expose data. "
        "Equipment sent away for repair is cleared of sensitive data or kept under supervision.",
        "Maintenance schedules; maintenance logs and service reports; supplier maintenance "
        "contracts.",
    ),
    "A.7.14": (
        "Before computers, disks or phones are thrown away, sold or reassigned, their storage "
        "is checked and sensitive data and licensed software are securely erased or the media "
        "destroyed. Certificates or logs record that this was done.",
        "Secure disposal procedure; data wiping or destruction certificates; disposal records; "
        "asset decommissioning checklist.",
    ),
}
