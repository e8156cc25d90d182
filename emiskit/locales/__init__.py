"""Message catalogues of the course widgets, one module per language (see emiskit.i18n)."""
