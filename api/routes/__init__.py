"""JSON API routes, one module per resource; each calls the core function of its package."""
