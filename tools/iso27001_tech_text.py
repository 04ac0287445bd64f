"""Own-words text for the ISO/IEC 27001:2022 Annex A technological controls (A.8).

Written for aimsgraph in the vocabulary of real security standards and runbooks; nothing is
copied from ISO/IEC 27001, ISO/IEC 27002 or another project.
notation -> (definition, typical evidence).
"""

from __future__ import annotations

CONTROLS_A8: dict[str, tuple[str, str]] = {
    "A.8.1": (
        "Laptops, desktops, tablets and smartphones used for work are secured because company "
        "data lives on them or passes through them: disk encryption, mobile device management, "
        "screen locks, timely updates and remote wipe. Rules also cover approved device types, "
        "personal devices (BYOD) and what to do when a device is lost.",
        "Endpoint security standard; mobile device (BYOD) policy; MDM enrolment reports; "
        "full-disk encryption compliance reports.",
    ),
    "A.8.2": (
        "Administrator, root and other powerful accounts are kept to a minimum, granted only "
        "with approval and held separately from a person's everyday account. Their use is "
        "logged and often brokered through a privileged access management tool, and the list of "
        "privileged users is reviewed frequently.",
        "Privileged access management (PAM) policy; admin account inventory; privileged access "
        "reviews; PAM session recordings.",
    ),
    "A.8.3": (
        "Inside applications and data stores, users can only see and change what their role "
        "requires, enforced through role-based permissions, row- or field-level restrictions "
        "and read-only views. These technical settings implement the access rules decided by "
        "information owners.",
        "Application permission matrices; role definitions; access configuration screenshots or "
        "exports; data access restriction rules.",
    ),
    "A.8.4": (
        "Source code repositories, build tools and shared libraries are protected so that only "
        "authorised developers can read or change them, with branch protection and mandatory "
        "reviews before merging. This guards against tampering, inserted backdoors and leaks of "
        "intellectual property.",
        "Source code repository access settings; branch protection rules; code repository "
        "access reviews; secure development policy section on source code.",
    ),
    "A.8.5": (
        "Logins use strong authentication matched to the sensitivity of the system: "
        "multi-factor authentication for remote, privileged and sensitive access, single "
        "sign-on, lockout or throttling after failed attempts, and no credentials sent in clear "
        "text. Login failures and anomalies are logged.",
        "Authentication standard; MFA enforcement reports; SSO configuration; account lockout "
        "settings.",
    ),
    "A.8.6": (
        "Compute, storage, memory and bandwidth use is watched so that services do not slow "
        "down or fail from exhaustion, and capacity is added ahead of forecast demand. Capacity "
        "planning also considers security effects such as resilience against denial-of-service "
        "attacks.",
        "Capacity management plan; capacity monitoring dashboards and alerts; capacity "
        "forecasts; scaling configuration.",
    ),
    "A.8.7": (
        "Endpoint detection and response or anti-malware tools run on servers and endpoints, "
        "scanning files, email attachments, downloads and removable media. Technical defences "
        "are backed by user awareness and by blocking untrusted software, and detections are "
        "investigated.",
        "Anti-malware policy; EDR deployment and coverage reports; malware detection logs; "
        "signature update status.",
    ),
    "A.8.8": (
        "The organisation keeps track of security weaknesses in the software and systems it "
        "runs, through vulnerability scanning, vendor advisories and penetration tests, and "
        "judges how exposed it is. Fixes such as patches are applied within deadlines set by "
        "severity, and any unpatched exposure is formally risk-accepted.",
        "Vulnerability management policy; vulnerability scan reports; patch management "
        "procedure and patch compliance reports; remediation SLAs.",
    ),
    "A.8.9": (
        "Systems, cloud services and network devices are built from approved secure "
        "configuration baselines, such as CIS benchmarks, often kept as infrastructure as code. "
        "Drift from the baseline is detected and corrected, and baselines are updated when "
        "products or threats change.",
        "Configuration management procedure; hardening baselines (CIS benchmarks); "
        "configuration drift reports; infrastructure-as-code repositories.",
    ),
    "A.8.10": (
        "Data that has passed its retention period or is no longer needed is removed from "
        "systems, devices, backups and supplier platforms where feasible, using methods that "
        "prevent recovery. Deletion is recorded, including deletion performed for customers or "
        "data subjects.",
        "Data retention and deletion policy; deletion logs; secure erasure records; customer "
        "data deletion procedures.",
    ),
    "A.8.11": (
        "Sensitive values such as personal identifiers or card numbers are hidden or replaced, "
        "through masking, pseudonymisation, tokenisation or anonymisation, wherever people or "
        "systems do not need the real values. Which technique is used depends on access rules, "
        "legal requirements and business need.",
        "Data masking standard; pseudonymisation procedures; masked test data sets; "
        "tokenisation configuration.",
    ),
    "A.8.12": (
        "Tools and rules detect and block sensitive information leaving the organisation "
        "without authority via email, web uploads, cloud storage, messaging or removable media. "
        "Alerts are reviewed and confirmed leaks are handled as incidents.",
        "DLP policy; DLP tool rules and alert reports; email and USB exfiltration controls; DLP "
        "incident records.",
    ),
    "A.8.13": (
        "Data, software and system images are copied on a schedule set by a backup policy that "
        "reflects recovery needs, and copies are kept separate and protected, including offline "
        "or immutable copies against ransomware. Restores are test-run regularly to prove the "
        "backups work.",
        "Backup policy; backup schedules and job logs; restore test records; offsite or "
        "immutable backup configuration.",
    ),
    "A.8.14": (
        "Critical services run on duplicated components, such as clusters, replicated "
        "databases, multiple data centres or cloud availability zones, so one failure does not "
        "cause an outage. Failover is tested to confirm it actually meets the availability "
        "target.",
        "High-availability architecture designs; redundancy and failover configuration; "
        "availability requirements per service; failover test results.",
    ),
    "A.8.15": (
        "Systems record security-relevant events such as logins, administrator actions, errors "
        "and access to sensitive data, and the logs are centralised, retained for a defined "
        "period and protected from tampering, including by administrators. Logs are reviewed or "
        "analysed, often in a SIEM.",
        "Logging and monitoring standard; log retention settings; SIEM log source list; log "
        "integrity protection.",
    ),
    "A.8.16": (
        "A security operations function watches networks, servers and applications for unusual "
        "activity, such as impossible logins, malware beacons or large data transfers, against "
        "a baseline of normal behaviour. Suspicious findings are triaged as possible incidents.",
        "Security monitoring procedure; SIEM use cases and alerts; SOC reports; IDS/IPS alert "
        "records.",
    ),
    "A.8.17": (
        "All servers, network devices and applications take their time from the same trusted "
        "reference, for example internal NTP servers fed by an authoritative source. Consistent "
        "timestamps let investigators correlate logs across systems and support legal evidence.",
        "NTP configuration standard; approved time sources; time synchronisation monitoring.",
    ),
    "A.8.18": (
        "Powerful system tools that can bypass normal security controls, such as disk editors, "
        "debuggers or admin consoles, are removed where unneeded and otherwise restricted to a "
        "few authorised administrators. Their use is logged and reviewed.",
        "List of permitted privileged utilities; application allow-listing rules; utility usage "
        "logs.",
    ),
    "A.8.19": (
        "Only approved, tested software can be installed on production servers and business "
        "systems, through a controlled deployment process rather than by individual users. "
        "Application allow-listing and removal of install rights enforce this.",
        "Software installation policy; approved software list; application allow-listing; "
        "deployment approval records.",
    ),
    "A.8.20": (
        "Corporate networks, wired and wireless, are protected by firewalls, secure "
        "configuration of routers and switches, encrypted management access and monitoring. "
        "Network documentation and diagrams are kept current so that connections and data flows "
        "are understood.",
        "Network security policy; firewall rule sets and rule reviews; network diagrams; "
        "network device hardening.",
    ),
    "A.8.21": (
        "For each network service, whether run in-house or bought from a telecoms or cloud "
        "provider, the organisation defines the security features and service levels it needs, "
        "such as encryption, DDoS protection and availability. The provider's delivery against "
        "these is monitored.",
        "Network service agreements with security requirements; ISP and SD-WAN contracts; "
        "network service monitoring reports.",
    ),
    "A.8.22": (
        "Networks are split into zones, for example production, development, office, guest, "
        "management and payment, with traffic between them filtered to what the business needs. "
        "Segmentation limits how far an attacker can move after a compromise.",
        "Network segmentation design; VLAN and security zone documentation; firewall zone "
        "rules; segmentation test results.",
    ),
    "A.8.23": (
        "A secure web gateway or DNS filter stops users reaching malicious, phishing or "
        "inappropriate websites, with blocked categories set by policy. Rules are kept current "
        "and users are told why a page was blocked and how to request an exception.",
        "Web filtering policy; secure web gateway or proxy configuration; blocked category "
        "list; web filtering reports.",
    ),
    "A.8.24": (
        "A cryptography policy sets when encryption, hashing and digital signatures must be "
        "used, which algorithms and key lengths are acceptable, and how keys are generated, "
        "stored, rotated, revoked and destroyed. Certificates and keys are inventoried so none "
        "expire unnoticed.",
        "Cryptography policy; encryption standards (TLS, AES); key management procedure; key "
        "inventory; certificate management records.",
    ),
    "A.8.25": (
        "Software and system development follows a secure development life cycle: security "
        "requirements, threat modelling in design, secure coding, security testing and release "
        "gates. Developers are trained, and pipelines enforce the checks before code reaches "
        "production.",
        "Secure development life cycle (SDLC) policy; secure development standards; threat "
        "modelling records; security gates in CI/CD pipelines.",
    ),
    "A.8.26": (
        "When an application is built or bought, its security needs are written down and agreed "
        "up front, such as authentication, authorisation, input validation, logging, encryption "
        "of data in transit and protection of online transactions. They become acceptance "
        "criteria for the project or procurement.",
        "Application security requirements specifications; security user stories; procurement "
        "security requirements; requirement approval records.",
    ),
    "A.8.27": (
        "Architects and engineers follow agreed security design principles, such as defence in "
        "depth, least privilege, zero trust, secure defaults and failing safely, for every new "
        "system and major change. Architecture reviews check designs against them, and the "
        "principles evolve with threats and technology.",
        "Security architecture principles; reference architectures; architecture review board "
        "records; design review checklists.",
    ),
    "A.8.28": (
        "Developers write code following secure coding guidelines, such as OWASP "
        "recommendations: validate input, encode output, handle errors safely, avoid hard-coded "
        "secrets and keep third-party libraries patched. Peer review and static analysis catch "
        "common flaws early.",
        "Secure coding guidelines (OWASP); code review records; static analysis (SAST) reports; "
        "dependency scanning results.",
    ),
    "A.8.29": (
        "Security is tested before a system goes live and after significant changes, through "
        "code analysis, dynamic scanning, penetration tests and checks of security functions "
        "against the agreed requirements. Findings are fixed or risk-accepted before "
        "acceptance.",
        "Security test plans; DAST and penetration test reports; acceptance test records with "
        "security criteria; remediation tracking.",
    ),
    "A.8.30": (
        "When software is built by a contractor or offshore team, the organisation sets its "
        "security expectations in the contract and keeps oversight: secure coding standards, "
        "testing evidence, code ownership, escrow and audit rights. Delivered code is tested "
        "before it is accepted.",
        "Outsourced development contracts with security clauses; supplier code review and test "
        "evidence; escrow agreements; acceptance testing of delivered code.",
    ),
    "A.8.31": (
        "Development, test and live systems run in separate environments, accounts or tenants, "
        "with controls so that experiments and test data cannot affect production. Developers "
        "do not have routine access to production, and promotion between environments goes "
        "through the pipeline.",
        "Environment separation standard; separate accounts or tenants per environment; "
        "deployment pipeline controls; production access restrictions.",
    ),
    "A.8.32": (
        "Changes to systems, infrastructure and applications follow a change management "
        "process: request, impact and risk assessment, approval (for example by a change "
        "advisory board), testing, scheduled implementation and a rollback plan. Emergency "
        "changes are documented and reviewed after the fact.",
        "Change management procedure; change requests and CAB approvals; emergency change "
        "records; change calendar.",
    ),
    "A.8.33": (
        "Data used for testing is chosen and protected with care: synthetic or masked data is "
        "preferred over real production data. Any production data used in test needs approval "
        "and the same protection as in live, and it is removed once testing ends.",
        "Test data management procedure; masked or synthetic test data sets; approvals for "
        "using production data in testing.",
    ),
    "A.8.34": (
        "Audits, penetration tests and other assessments of live systems are scoped and "
        "scheduled with the system owners in advance so they do not disrupt operations. Testers "
        "get read-only access where possible, and intrusive tests run out of hours with "
        "rollback plans.",
        "Audit and penetration test rules of engagement; test authorisation letters; audit test "
        "schedules agreed with system owners.",
    ),
}
