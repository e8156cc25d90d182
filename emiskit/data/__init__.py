"""The sample country's school data: generated, documented and validated.

Every chapter, widget and graded exercise of the course works on these tables, so they
are shaped like a real EMIS extract and a real national assessment. They are synthetic:
the country (the Republic of Valdoria), its places and every figure are invented, and
calibrated only roughly to published regional figures.

Modules: ``settings`` (years, grades, official ages, scales), ``country`` (place names and
geography), ``schema`` (the single source of truth for the tables' documentation),
one module per table family, ``generate`` (orchestration), ``validate`` (checking a
user's own files, with ``row_checks``, ``table_links``, ``problems``, ``text_format`` and
``safe_paths``), ``importer`` (converting files as ministries export them) and ``cli``
(the ``emiskit data`` command).
"""

from emiskit.data.settings import NATIONAL, WORKSHOP, Scale

__all__ = ["NATIONAL", "WORKSHOP", "Scale"]
