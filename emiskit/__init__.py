"""emiskit: the Python package behind the EMIS and evidence course kit.

Sub-modules hold the pieces the course uses: sample data (``emiskit.data``,
``emiskit.datasets``), education indicators (``emiskit.indicators``), widgets, grading and
the ``emiskit`` command line.
"""

__version__ = "0.1.0"
