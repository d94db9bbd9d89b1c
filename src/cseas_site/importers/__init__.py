"""Importers: other formats -> content files (Markdown with YAML front matter)."""
