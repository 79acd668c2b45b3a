"""The core: records, YAML loading, validation and analyses. Knows nothing of MkDocs."""
