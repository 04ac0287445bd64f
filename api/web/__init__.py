"""The server-rendered web UI: Jinja2 templates, local static files, and the page routes."""
