"""Importers: turn official spreadsheets into data files under data/ (called from the CLI)."""
