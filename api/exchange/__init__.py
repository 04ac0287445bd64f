"""Exchange formats, a face like the CLI and the JSON API: the core's results rendered into a standard format and files in that format parsed into the core's writes (OSCAL)."""
