"""The register of AI systems: systems, inventory import/export, document links, EU AI Act obligations."""
