"""The widgets' computations, without ipywidgets: each module holds the pure functions
behind one component (and the Altair charts it draws), so they are unit-tested and
benchmarked without a browser.

* ``checks`` — knowledge checks: answer-key encoding, the text format, grading;
* ``indicators`` — indicators by year, level and breakdown from the sample tables;
* ``gaps`` — group gaps with 95% confidence intervals and small-group suppression;
* ``thresholds`` — early-warning flags, confusion matrix, precision and recall;
* ``quality`` — data-quality rules returning the offending rows;
* ``rubric`` — rubrics (SABER-EMIS and others), ratings and next steps.
"""
