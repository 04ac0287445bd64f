"""Own-words text for the ISO/IEC 27001:2022 Annex A technological controls (A.8).

Written for aimsgraph in the vocabulary of real security standards and runbooks; nothing is
copied from ISO/IEC 27001, ISO/IEC 27002 or another project.
notation -> (definition, typical evidence).
"""

from __future__ import annotations

CONTROLS_A8: dict[str, tuple[str, str]] = {
    "A.8.1": (
        "Information held on, processed by or reachable through user endpoint devices such as "
        "laptops, desktops and mobile phones is protected, for example with disk encryption, "
        "mobile device management and remote wipe. Rules cover approved devices, screen locks, "
        "software updates and what to do when a device is lost.",
        "Endpoint security standard; mobile device (BYOD) policy; MDM enrolment reports; "
        "full-disk encryption compliance reports.",
    ),
    "A.8.2": (
        "Privileged access rights such as administrator and root accounts are restricted, "
        "allocated on approval, kept separate from everyday accounts and reviewed often. "
        "Administrators use privileged accounts only for administrative tasks, and their "
        "actions are logged.",
        "Privileged access management (PAM) policy; admin account inventory; privileged access "
        "reviews; PAM session recordings.",
    ),
    "A.8.3": (
        "Access to information and application functions is restricted according to the access "
        "control policy, for example through role-based permissions and data-level filtering in "
        "applications. Restrictions prevent users from seeing or changing information beyond "
        "what their role needs.",
        "Application permission matrices; role definitions; access configuration screenshots or "
        "exports; data access restriction rules.",
    ),
    "A.8.4": (
        "Read and write access to source code, development tools and software libraries is "
        "managed, for example through repository permissions, branch protection and review "
        "requirements. Protecting source code guards against unauthorised changes, backdoors "
        "and leaks of intellectual property.",
        "Source code repository access settings; branch protection rules; code repository "
        "access reviews; secure development policy section on source code.",
    ),
    "A.8.5": (
        "Secure authentication technologies and procedures, such as multi-factor "
        "authentication, single sign-on and lockout after failed attempts, are used in line "
        "with access restrictions. Stronger authentication is required for remote access, "
        "privileged accounts and sensitive systems.",
        "Authentication standard; MFA enforcement reports; SSO configuration; account lockout "
        "settings.",
    ),
    "A.8.6": (
        "Use of resources such as compute, storage and network bandwidth is monitored and "
        "adjusted against current and forecast demand so that systems do not run out of "
        "capacity. Capacity planning also considers the security consequences of exhaustion, "
        "such as denial of service.",
        "Capacity management plan; capacity monitoring dashboards and alerts; capacity "
        "forecasts; scaling configuration.",
    ),
    "A.8.7": (
        "Protection against malware is implemented, combining anti-malware or EDR tools with "
        "user awareness and restrictions on untrusted software. Detection covers email "
        "attachments, downloads, removable media and web traffic.",
        "Anti-malware policy; EDR deployment and coverage reports; malware detection logs; "
        "signature update status.",
    ),
    "A.8.8": (
        "Information about technical vulnerabilities in systems in use is obtained, exposure is "
        "evaluated, and measures such as patching are taken within defined timeframes. "
        "Vulnerabilities are prioritised by severity and exposure, and exceptions are "
        "risk-accepted.",
        "Vulnerability management policy; vulnerability scan reports; patch management "
        "procedure and patch compliance reports; remediation SLAs.",
    ),
    "A.8.9": (
        "Security configurations of hardware, software, services and networks are defined, "
        "documented, implemented, monitored and reviewed, typically as hardening baselines. "
        "Unauthorised or unexpected configuration changes are detected and corrected.",
        "Configuration management procedure; hardening baselines (CIS benchmarks); "
        "configuration drift reports; infrastructure-as-code repositories.",
    ),
    "A.8.10": (
        "Information in systems, devices and storage media is deleted once it is no longer "
        "needed, in line with retention rules, using secure deletion methods. Deletion extends "
        "to copies held by suppliers, backups and cloud services where feasible.",
        "Data retention and deletion policy; deletion logs; secure erasure records; customer "
        "data deletion procedures.",
    ),
    "A.8.11": (
        "Data masking techniques such as pseudonymisation, anonymisation or tokenisation are "
        "used according to access policy, business needs and legal requirements, especially for "
        "PII. Masking limits exposure of sensitive values to people who only need partial or "
        "substitute data.",
        "Data masking standard; pseudonymisation procedures; masked test data sets; "
        "tokenisation configuration.",
    ),
    "A.8.12": (
        "Data leakage prevention measures are applied to systems, networks and devices that "
        "handle sensitive information, detecting and blocking unauthorised disclosure or "
        "extraction. Channels such as email, web uploads, cloud storage and removable media are "
        "covered.",
        "DLP policy; DLP tool rules and alert reports; email and USB exfiltration controls; DLP "
        "incident records.",
    ),
    "A.8.13": (
        "Backup copies of information, software and systems are made and tested regularly "
        "according to an agreed backup policy, so data can be restored after loss. Backup "
        "scope, frequency and retention reflect business recovery needs, and copies are "
        "protected from ransomware.",
        "Backup policy; backup schedules and job logs; restore test records; offsite or "
        "immutable backup configuration.",
    ),
    "A.8.14": (
        "Processing facilities are built with enough redundancy, such as clustering, "
        "replication or multiple availability zones, to meet availability requirements. "
        "Redundant components are tested so that failover actually works when needed.",
        "High-availability architecture designs; redundancy and failover configuration; "
        "availability requirements per service; failover test results.",
    ),
    "A.8.15": (
        "Logs recording user activities, exceptions, faults and other relevant events are "
        "produced, stored, protected against tampering and analysed. Logs are retained for a "
        "defined period and protected from alteration, including by administrators.",
        "Logging and monitoring standard; log retention settings; SIEM log source list; log "
        "integrity protection.",
    ),
    "A.8.16": (
        "Networks, systems and applications are monitored for anomalous behaviour, and "
        "appropriate action is taken to evaluate possible security incidents. Baselines of "
        "normal activity help spot deviations such as unusual logins or data transfers.",
        "Security monitoring procedure; SIEM use cases and alerts; SOC reports; IDS/IPS alert "
        "records.",
    ),
    "A.8.17": (
        "Clocks of information processing systems are synchronised to approved time sources so "
        "that logs and events can be correlated reliably. Consistent timestamps are essential "
        "for investigations and legal evidence.",
        "NTP configuration standard; approved time sources; time synchronisation monitoring.",
    ),
    "A.8.18": (
        "Utility programs able to override system and application controls are restricted and "
        "tightly controlled, with use limited to authorised people and logged. Unneeded "
        "utilities are removed or disabled.",
        "List of permitted privileged utilities; application allow-listing rules; utility usage "
        "logs.",
    ),
    "A.8.19": (
        "Procedures and measures control the installation of software on operational systems, "
        "so only approved and tested software reaches production. Users cannot install software "
        "on production servers themselves.",
        "Software installation policy; approved software list; application allow-listing; "
        "deployment approval records.",
    ),
    "A.8.20": (
        "Networks and network devices are secured, managed and controlled to protect "
        "information in systems and applications, for example with firewalls and secure device "
        "administration. Network security covers both wired and wireless networks and remote "
        "connections.",
        "Network security policy; firewall rule sets and rule reviews; network diagrams; "
        "network device hardening.",
    ),
    "A.8.21": (
        "Security mechanisms, service levels and requirements of network services, whether "
        "in-house or outsourced, are identified, implemented and monitored. Contracts specify "
        "the security features and service levels the provider must deliver.",
        "Network service agreements with security requirements; ISP and SD-WAN contracts; "
        "network service monitoring reports.",
    ),
    "A.8.22": (
        "Groups of information services, users and systems are separated into distinct network "
        "segments, such as production, development, guest and management networks. Traffic "
        "between segments is filtered according to business need.",
        "Network segmentation design; VLAN and security zone documentation; firewall zone "
        "rules; segmentation test results.",
    ),
    "A.8.23": (
        "Access to external websites is managed to reduce exposure to malicious content, for "
        "example by blocking known-bad or unwanted categories of sites. Filtering rules are "
        "kept current and users are told why sites are blocked.",
        "Web filtering policy; secure web gateway or proxy configuration; blocked category "
        "list; web filtering reports.",
    ),
    "A.8.24": (
        "Rules for the effective use of cryptography, including key management across the key "
        "life cycle, are defined and implemented. Algorithms and key lengths are chosen based "
        "on the classification of the data and current guidance.",
        "Cryptography policy; encryption standards (TLS, AES); key management procedure; key "
        "inventory; certificate management records.",
    ),
    "A.8.25": (
        "Rules for the secure development of software and systems are set and applied across "
        "the life cycle, from requirements and design to testing and release. Developers are "
        "trained and security is checked at each stage before release.",
        "Secure development life cycle (SDLC) policy; secure development standards; threat "
        "modelling records; security gates in CI/CD pipelines.",
    ),
    "A.8.26": (
        "Security requirements are identified, specified and approved when developing or "
        "acquiring applications, including for online transactions and services. Requirements "
        "address authentication, authorisation, input handling, logging and protection of data "
        "in transit.",
        "Application security requirements specifications; security user stories; procurement "
        "security requirements; requirement approval records.",
    ),
    "A.8.27": (
        "Principles for engineering secure systems, such as defence in depth, zero trust and "
        "secure by default, are established, documented and applied to all architecture and "
        "development work. The principles are reviewed as threats and technologies evolve.",
        "Security architecture principles; reference architectures; architecture review board "
        "records; design review checklists.",
    ),
    "A.8.28": (
        "Secure coding principles are applied in software development, covering for example "
        "input validation, avoidance of known weakness classes and safe use of third-party "
        "components. Developers receive secure coding training and tools flag common flaws "
        "early.",
        "Secure coding guidelines (OWASP); code review records; static analysis (SAST) reports; "
        "dependency scanning results.",
    ),
    "A.8.29": (
        "Security testing processes are defined and carried out during development and before "
        "acceptance, so that security requirements are verified before go-live. Testing covers "
        "functional security features as well as known vulnerability classes.",
        "Security test plans; DAST and penetration test reports; acceptance test records with "
        "security criteria; remediation tracking.",
    ),
    "A.8.30": (
        "The organisation directs, monitors and reviews outsourced system development, making "
        "sure external developers meet its security requirements. Contracts cover ownership of "
        "code, secure coding standards, testing evidence and audit rights.",
        "Outsourced development contracts with security clauses; supplier code review and test "
        "evidence; escrow agreements; acceptance testing of delivered code.",
    ),
    "A.8.31": (
        "Development, testing and production environments are kept apart and secured, so that "
        "changes and test activities cannot harm live systems or data. Developers do not have "
        "routine access to production.",
        "Environment separation standard; separate accounts or tenants per environment; "
        "deployment pipeline controls; production access restrictions.",
    ),
    "A.8.32": (
        "Changes to information processing facilities and systems go through change management: "
        "they are requested, assessed for risk, approved, tested, implemented and can be rolled "
        "back. Unauthorised changes are prevented and changes are documented for audit trail.",
        "Change management procedure; change requests and CAB approvals; emergency change "
        "records; change calendar.",
    ),
    "A.8.33": (
        "Test information is selected, protected and managed appropriately, for example by "
        "avoiding production personal data or masking it and deleting it after testing. Test "
        "data is subject to the same access controls as the original data.",
        "Test data management procedure; masked or synthetic test data sets; approvals for "
        "using production data in testing.",
    ),
    "A.8.34": (
        "Audit tests and other assurance activities on operational systems are planned and "
        "agreed between the tester and management so they do not disrupt business processes. "
        "Read-only access is preferred and tests that could affect availability run outside "
        "business hours.",
        "Audit and penetration test rules of engagement; test authorisation letters; audit test "
        "schedules agreed with system owners.",
    ),
}
