"""Views: records and analyses -> HTML through Jinja templates (autoescaped). No MkDocs here."""
