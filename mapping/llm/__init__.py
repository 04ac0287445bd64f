"""Optional language-model assistance: a client for any OpenAI-compatible endpoint, the
verbatim-quote check and the verification of evidence links (see docs/mapping.md).

Nothing else in the product imports this package unless an endpoint is configured.
"""
