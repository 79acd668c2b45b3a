"""The MkDocs edge: loads the catalog once per build, adds generated pages, registers macros."""
