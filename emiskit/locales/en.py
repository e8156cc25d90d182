"""English messages of the course widgets (keys are shared with ``es.py``)."""

MESSAGES: dict[str, str] = {
    # Shared
    "common.static_note": (
        "These controls show the starting view. In the published book they do not respond: "
        "use the menus and sliders under the chart instead, or open this page as a notebook "
        "(JupyterLab or Colab) to use them."
    ),
    "common.more_rows": "… and {n} more rows.",
    "common.yes": "yes",
    "common.no": "no",
    "unit.percent": "%",
    "unit.ratio": "pupils per teacher",
    "unit.index": "index",
    "unit.points": "points",
    "unit.mark": "mark out of 10",
    "col.group": "Group",
    "col.value": "Value",
    "col.n": "Pupils (n)",
    "col.ci_low": "95% CI from",
    "col.ci_high": "95% CI to",
    "col.gap": "Gap",
    "col.gap_low": "Gap, 95% CI from",
    "col.gap_high": "Gap, 95% CI to",
    "col.enrolment": "Enrolment",
    "col.enrolment_official_age": "Enrolment of official age",
    "col.population": "Population of official age",
    "col.in_school": "Official-age children in school",
    "col.ger_girls": "GER girls",
    "col.ger_boys": "GER boys",
    "col.pupils": "Pupils",
    "col.teachers": "Teachers",
    "col.trained": "Trained teachers",
    "value.area.urban": "Urban",
    "value.area.rural": "Rural",
    "value.sector.public": "Public",
    "value.sector.private_subsidised": "Private subsidised",
    "value.sector.private": "Private",
    "value.sex.F": "Girls",
    "value.sex.M": "Boys",
    "value.indigenous.True": "Indigenous language at home",
    "value.indigenous.False": "Other pupils",
    "value.special_needs.True": "Special educational needs",
    "value.special_needs.False": "No special needs",
    "value.ses_quintile.Q1": "Q1 (poorest fifth)",
    "value.ses_quintile.Q2": "Q2",
    "value.ses_quintile.Q3": "Q3",
    "value.ses_quintile.Q4": "Q4",
    "value.ses_quintile.Q5": "Q5 (richest fifth)",
    # Knowledge checks
    "check.your_answer": "Your answer",
    "check.choose_all": "Tick every right answer.",
    "check.number_placeholder": "a number, e.g. 12.5",
    "check.check": "Check",
    "check.check_tooltip": "Check your answer",
    "check.correct": "✓ Correct.",
    "check.partial": "◐ Partly right.",
    "check.incorrect": "✗ Not quite.",
    "check.partial_detail": (
        "You ticked {right} of the {total} right answers and {wrong} wrong one(s)."
    ),
    "check.try_again": "Try again.",
    "check.explanation": "Explanation:",
    "check.hint": "Hint:",
    "check.empty": "Choose or type an answer first, then press Check.",
    "check.invalid": "That is not a number. Type digits, for example 12.5 or 12,5.",
    "check.static_note": (
        "To check your answer, open this page as a notebook (JupyterLab or Colab)."
    ),
    # Indicator explorer
    "explorer.title": "Indicator explorer",
    "explorer.intro": (
        "Choose an indicator, a school year, a level and a breakdown. The table and the "
        "chart change at once."
    ),
    "explorer.indicator": "Indicator",
    "explorer.year": "Year",
    "explorer.level": "Level",
    "explorer.breakdown": "Breakdown",
    "explorer.group": "Group",
    "explorer.value": "Value",
    "explorer.axis": "{indicator} ({unit})",
    "explorer.chart_title": "{indicator}, {level}, {year}",
    "explorer.chart_cut": "Showing the lowest and highest {shown} of {total} groups.",
    "explorer.chart_description": (
        "Bar chart of the {indicator} in {level} education in {year}, by {breakdown}."
    ),
    "explorer.table_caption": "{indicator}, {level}, {year}",
    "explorer.static_title": "Explore the indicators",
    "explorer.static_subtitle": (
        "Use the menus under the chart: it works in your browser, even without Python."
    ),
    "explorer.static_description": (
        "Bar chart of an education indicator by group, with menus to choose the indicator, "
        "level, breakdown and year."
    ),
    "explorer.unavailable.population": (
        "Not available by {breakdown}: population estimates exist by district and sex only."
    ),
    "explorer.unavailable.teachers_sex": (
        "Not available by sex: teachers are not counted by the sex of their pupils."
    ),
    "explorer.unavailable.gpi_sex": (
        "The gender parity index already compares girls with boys: choose another breakdown."
    ),
    "explorer.unavailable.next_year": (
        "Flow rates for {year} need the census of the following year, which is not in the "
        "data yet: choose an earlier year."
    ),
    "indicator.ger": "Gross enrolment ratio",
    "indicator.ner": "Net enrolment rate",
    "indicator.out_of_school": "Out-of-school rate",
    "indicator.gpi": "Gender parity index of the GER",
    "indicator.ptr": "Pupil-teacher ratio",
    "indicator.trained": "Trained teachers",
    "indicator.promotion": "Promotion rate",
    "indicator.repetition": "Repetition rate",
    "indicator.dropout": "Dropout rate",
    "level.primary": "primary",
    "level.lower_secondary": "lower secondary",
    "breakdown.national": "National",
    "breakdown.region": "Region",
    "breakdown.district": "District",
    "breakdown.area": "Area",
    "breakdown.sector": "Sector",
    "breakdown.sex": "Sex",
    "group.national": "Whole country",
    # Gap explorer
    "gaps.title": "Gap explorer",
    "gaps.intro": (
        "Choose an outcome and a way to group pupils. Dots show each group's average, lines "
        "its 95% confidence interval; groups of fewer than 30 pupils are not shown."
    ),
    "gaps.outcome": "Outcome",
    "gaps.grouping": "Compare by",
    "gaps.year": "Year",
    "gaps.place": "Where",
    "gaps.whole_country": "Whole country",
    "gaps.region_place": "Region: {name}",
    "gaps.district_place": "District: {name}",
    "gaps.group": "Group",
    "gaps.reference_group": "Reference group",
    "gaps.chart_title": "{outcome}, by {grouping}, {year}",
    "gaps.chart_subtitle": (
        "Dots: averages. Lines: 95% confidence intervals. Diamond and dashed line: the "
        "reference group."
    ),
    "gaps.chart_description": (
        "Dot chart of the {outcome} by {grouping} in {year}, with 95% confidence intervals."
    ),
    "gaps.table_caption": "{outcome}, by {grouping}, {year} ({place})",
    "gaps.suppressed": (
        "Not shown: {groups} (fewer than {n} pupils, too few for a reliable figure and "
        "a risk of identifying pupils)."
    ),
    "gaps.no_pupils": "No pupils in this choice: try another place or year.",
    "gaps.static_title": "Explore the gaps between groups of pupils",
    "gaps.static_axis": "Average or share (see the outcome)",
    "gaps.static_description": (
        "Dot chart of an outcome by group of pupils with 95% confidence intervals, with "
        "menus to choose the outcome, the grouping and the year."
    ),
    "outcome.reading_score": "Reading score",
    "outcome.mathematics_score": "Mathematics score",
    "outcome.reading_below_minimum": "Below minimum proficiency in reading",
    "outcome.mathematics_below_minimum": "Below minimum proficiency in mathematics",
    "outcome.attendance": "Attendance",
    "outcome.mark_language": "Language mark",
    "outcome.mark_mathematics": "Mathematics mark",
    "grouping.sex": "Sex",
    "grouping.area": "Area",
    "grouping.ses_quintile": "Socio-economic quintile",
    "grouping.indigenous": "Indigenous language",
    "grouping.special_needs": "Special educational needs",
    "grouping.region": "Region",
    # Threshold explorer
    "thresholds.title": "Early-warning threshold explorer",
    "thresholds.intro": (
        "A pupil shows a warning sign for low attendance, a failing mark (language or "
        "mathematics) or behaviour incidents. Set the thresholds and see how many of next "
        "year's dropouts the flag would have caught."
    ),
    "thresholds.year": "Year",
    "thresholds.all_years": "All years",
    "thresholds.attendance_below": "Attendance below (%)",
    "thresholds.mark_below": "A mark below",
    "thresholds.incidents_at_least": "Incidents at least",
    "thresholds.signs_needed": "Signs needed to flag",
    "thresholds.flagged": "Flagged",
    "thresholds.not_flagged": "Not flagged",
    "thresholds.dropped_out": "Dropped out",
    "thresholds.stayed": "Did not drop out",
    "thresholds.next_year": "Next school year",
    "thresholds.pupils": "Pupils",
    "thresholds.tp": "caught",
    "thresholds.fp": "false alarm",
    "thresholds.fn": "missed",
    "thresholds.tn": "rightly not flagged",
    "thresholds.precision": "Precision",
    "thresholds.recall": "Recall",
    "thresholds.share_flagged": "Pupils flagged (%)",
    "thresholds.flagged_pupils": "Pupils flagged",
    "thresholds.measure": "Measure",
    "thresholds.value": "Value",
    "thresholds.matrix_caption": "Flag against what happened next year (pupils)",
    "thresholds.measures_caption": "How good is the flag?",
    "thresholds.sentence": (
        "The rule flags {flagged} of {pupils} pupils and catches {caught} of the {dropouts} "
        "who dropped out the next year. Precision: the share of flagged pupils who dropped "
        "out. Recall: the share of dropouts who were flagged."
    ),
    "thresholds.no_attendance_2020": (
        "Attendance was not recorded in 2020, so nobody is flagged for attendance that year."
    ),
    "thresholds.chart_title": "Early-warning flag against next year's dropout, {year}",
    "thresholds.chart_subtitle": (
        "Attendance below {attendance}%, a mark below {mark}, at least {incidents} "
        "incidents; {signs} sign(s) needed."
    ),
    "thresholds.chart_description": (
        "A two-by-two grid of pupils flagged or not against whether they dropped out the "
        "next year, and bars for precision, recall and the share of pupils flagged."
    ),
    "thresholds.static_title": "Try early-warning thresholds",
    "thresholds.static_subtitle": (
        "Move the sliders under the chart: the counts are redone in your browser."
    ),
    # Data-quality inspector
    "quality.title": "Data-quality inspector",
    "quality.intro": (
        "Choose a table. Each rule looks for one kind of problem; pick a rule to see "
        "examples of the rows it found."
    ),
    "quality.table": "Table",
    "quality.show_examples": "Show examples of",
    "quality.none_found": "(no problems found)",
    "quality.rule": "Rule",
    "quality.problems": "Problems found",
    "quality.why": "Why it matters",
    "quality.summary_caption": "Rules run on {table}",
    "quality.examples_caption": "{rule}: {shown} of {total}",
    "quality.sentence": "Rules with problems: {rules}. Problems found: {problems}.",
    "quality.clean": "No rule found a problem in {table}.",
    "quality.chart_title": "Problems found in {table}, by rule",
    "quality.chart_description": "Bar chart of the number of problems each rule found.",
    "quality.static_title": "Problems found, by rule (choose the table under the chart)",
    "quality.col.pupils": "pupils (boys + girls)",
    "quality.col.times_capacity": "times capacity",
    "quality.col.declared_total": "declared total",
    "quality.col.sum_of_rows": "sum of the rows",
    "quality.col.same_as": "same form as",
    "quality.col.repeated_rows": "repeated rows",
    "quality.col.dates_submitted": "dates submitted",
    "quality.rule.missing_submission.title": "Schools that sent no form",
    "quality.rule.missing_submission.why": (
        "These schools had pupils in last year's census but sent nothing this year: "
        "national totals will be too low until they report."
    ),
    "quality.rule.same_as_last_year.title": "Forms identical to last year's census",
    "quality.rule.same_as_last_year.why": (
        "Every grade and age has exactly last year's numbers, so no pupil moved up a "
        "grade: most likely last year's figures were sent again."
    ),
    "quality.rule.form_sent_twice.title": "Forms sent twice",
    "quality.rule.form_sent_twice.why": (
        "The same school, grade and age appear more than once: the pupils would be "
        "counted twice. Keep the latest submission."
    ),
    "quality.rule.same_form_two_codes.title": "The same form under two school codes",
    "quality.rule.same_form_two_codes.why": (
        "Two codes sent identical forms, row for row: one school entered twice. Its pupils "
        "would be counted twice."
    ),
    "quality.rule.malformed_code.title": "School codes that are not seven digits",
    "quality.rule.malformed_code.why": (
        "School codes have seven digits. A shorter code has usually lost its leading zero "
        "in a spreadsheet; the school cannot be matched with the register."
    ),
    "quality.rule.unknown_code.title": "School codes not in the register",
    "quality.rule.unknown_code.why": (
        "A well-formed code that no school in the register has: a typing error or a "
        "school counted under a second code."
    ),
    "quality.rule.impossible_age.title": "Impossible ages for the grade",
    "quality.rule.impossible_age.why": (
        "Ages far from the official age of the grade (grade + 5), or missing: often a "
        "typing error or a code such as 99 for \"don't know\"."
    ),
    "quality.rule.above_capacity.title": "Enrolment far above capacity",
    "quality.rule.above_capacity.why": (
        "The school's pupils add up to more than three times its places: usually a "
        "number typed with an extra digit."
    ),
    "quality.rule.row_total.title": "Row totals that do not add up",
    "quality.rule.row_total.why": "The total of the row is not boys + girls.",
    "quality.rule.declared_total.title": "Declared totals that do not add up",
    "quality.rule.declared_total.why": (
        "The total on the cover page differs from the sum of the school's rows: one of "
        "them is wrong."
    ),
    "quality.rule.repeaters_above_pupils.title": "More repeaters than pupils",
    "quality.rule.repeaters_above_pupils.why": (
        "A row cannot have more repeaters than pupils: repetition rates would be wrong."
    ),
    "quality.rule.blank_counts.title": "Blank counts",
    "quality.rule.blank_counts.why": (
        "Boys or girls left empty: is it zero, or was it forgotten? Ask the school."
    ),
    "quality.rule.sector_code.title": "Sector codes not on the list",
    "quality.rule.sector_code.why": (
        "The form asks for PUB, SUB or PRI. Other spellings must be recoded before the "
        "data can be broken down by sector."
    ),
    "quality.rule.area_code.title": "Area codes not on the list",
    "quality.rule.area_code.why": (
        "The form asks for U (urban) or R (rural). Other spellings must be recoded."
    ),
    "quality.rule.codes_disagree.title": "Sector or area that disagrees with the register",
    "quality.rule.codes_disagree.why": (
        "A valid code, but not the one in the school register: which one is right?"
    ),
    "quality.rule.district_name.title": "District names not spelled as in the register",
    "quality.rule.district_name.why": (
        "Names that differ even by an accent or a space do not match: use codes, not "
        "names, to join tables."
    ),
    "quality.rule.wrong_year.title": "Rows for another year",
    "quality.rule.wrong_year.why": "The form is for one school year; these rows say another.",
    "quality.rule.duplicate_key.title": "Repeated identifiers",
    "quality.rule.duplicate_key.why": (
        "Each row should have its own identifier; repeated ones are counted twice."
    ),
    "quality.rule.missing_required.title": "Missing required values",
    "quality.rule.missing_required.why": "A value every row must have is empty.",
    "quality.rule.outside_allowed.title": "Values outside the allowed range or list",
    "quality.rule.outside_allowed.why": (
        "A value the table's definition does not allow (too small, too large, or not one "
        "of the allowed codes)."
    ),
    # Self-assessment
    "rubric.title": "Self-assessment",
    "rubric.intro": (
        "Rate your education data system in each area. The chart and the list of next "
        "steps follow your ratings."
    ),
    "rubric.area": "Area",
    "rubric.level": "Level",
    "rubric.next_steps": "Next steps, weakest areas first",
    "rubric.action": "{area} ({level}): {step}",
    "rubric.sentence": "Average level: {score} out of {top}.",
    "rubric.chart_subtitle": "Your rating in each area.",
    "rubric.static_subtitle": (
        "Change the ratings in the menus under the chart; the next steps follow."
    ),
    "rubric.chart_description": "Bar chart of the level reached in each area of {rubric}.",
    "rubric.saber.title": "SABER-EMIS self-assessment",
    "rubric.saber.source": (
        "Areas and levels from SABER-EMIS (World Bank, Abdul-Hamid 2014). The next steps "
        "are the course's suggestions."
    ),
    "rubric.saber.level.latent": "Latent",
    "rubric.saber.level.emerging": "Emerging",
    "rubric.saber.level.established": "Established",
    "rubric.saber.level.advanced": "Advanced",
    "rubric.saber.area.enabling_environment": "Enabling environment",
    "rubric.saber.area.enabling_environment.description": (
        "Laws and policies, an EMIS unit with staff and budget, and a culture of using data."
    ),
    "rubric.saber.area.enabling_environment.next.latent": (
        "Set out in a regulation who collects education data, name an EMIS unit and give "
        "it a budget line."
    ),
    "rubric.saber.area.enabling_environment.next.emerging": (
        "Give the EMIS unit stable funding and trained staff, and oblige every school, "
        "public and private, to report."
    ),
    "rubric.saber.area.enabling_environment.next.established": (
        "Make EMIS roles and funding part of regular planning, and train district staff "
        "to use the data."
    ),
    "rubric.saber.area.enabling_environment.next.advanced": (
        "Keep the rules up to date (privacy, data sharing) and share your experience with "
        "other countries."
    ),
    "rubric.saber.area.system_soundness": "System soundness",
    "rubric.saber.area.system_soundness.description": (
        "Data architecture, coverage of schools and levels, and links between data sources."
    ),
    "rubric.saber.area.system_soundness.next.latent": (
        "Agree on one school code and one set of definitions for the census, and keep the "
        "data in one database."
    ),
    "rubric.saber.area.system_soundness.next.emerging": (
        "Cover private schools and every level, and link the census to the school register "
        "through the school code."
    ),
    "rubric.saber.area.system_soundness.next.established": (
        "Add pupil-level records and link census, assessment and finance data through "
        "unique identifiers."
    ),
    "rubric.saber.area.system_soundness.next.advanced": (
        "Review the data architecture regularly and add new uses, such as early warning, "
        "without breaking comparability over time."
    ),
    "rubric.saber.area.quality_data": "Quality data",
    "rubric.saber.area.quality_data.description": (
        "Sound methods, accuracy, integrity, and data that arrive on time."
    ),
    "rubric.saber.area.quality_data.next.latent": (
        "Check every submission for duplicates, impossible ages and totals that do not "
        "add up."
    ),
    "rubric.saber.area.quality_data.next.emerging": (
        "Publish the validation rules, tell schools about their errors and correct data "
        "at the source."
    ),
    "rubric.saber.area.quality_data.next.established": (
        "Audit a sample of schools each year and publish a census calendar so that data "
        "arrive on time."
    ),
    "rubric.saber.area.quality_data.next.advanced": (
        "Document the quality of each indicator and follow international definitions "
        "such as those of the UNESCO Institute for Statistics."
    ),
    "rubric.saber.area.utilization": "Utilization for decision making",
    "rubric.saber.area.utilization.description": (
        "Open, accessible data that ministries, districts, schools and families use."
    ),
    "rubric.saber.area.utilization.next.latent": (
        "Publish a yearly statistical yearbook and send each school its own figures."
    ),
    "rubric.saber.area.utilization.next.emerging": (
        "Give district officers and school leaders dashboards with their own indicators, "
        "and train them to read them."
    ),
    "rubric.saber.area.utilization.next.established": (
        "Use the data to target resources, such as teachers where pupil-teacher ratios "
        "are high, and explain these decisions in public."
    ),
    "rubric.saber.area.utilization.next.advanced": (
        "Evaluate whether decisions based on data improved learning, and open anonymised "
        "data to researchers."
    ),
    # Dashboards: the evidence toolkit (emiskit/dashboards.py)
    "toolkit.strand": "Strand",
    "toolkit.months": "Months",
    "toolkit.effect_size": "Effect size",
    "toolkit.cost_rating": "Cost (1–5)",
    "toolkit.evidence": "Evidence (0–5)",
    "toolkit.studies_in_region": "Studies in the region",
    "toolkit.col.studies_in_region": "Studies in region",
    "toolkit.cost_per_pupil": "US$ per pupil",
    "toolkit.months_per_100": "Months per US$100",
    "toolkit.package_cost": "Package cost (US$ per pupil)",
    "toolkit.bind.min_strength": "Show evidence strength at least ",
    "toolkit.bind.budget": "Budget per pupil (US$) ",
    "toolkit.bind.accept": "Fade evidence below ",
    "toolkit.axis.cost_rating": "Cost per pupil (1 very low … 5 very high)",
    "toolkit.axis.impact": "Impact (months of additional progress)",
    "toolkit.axis.months_per_100": "Months of additional progress per US$100 per pupil",
    "toolkit.axis.months_of_progress": "Months of progress",
    "toolkit.axis.cost_per_year": "US$ per pupil per year",
    "toolkit.axis.strength": "Strength (0–5)",
    "toolkit.axis.package_cost": "Cost per pupil of your package (US$); black line: the budget",
    "toolkit.scatter.title": "Impact, cost and strength of evidence of {n} strands (illustrative)",
    "toolkit.scatter.description": (
        "Scatter plot of {n} intervention strands: cost rating from 1 to 5 across, impact "
        "in months up the side, point size and darkness showing evidence strength. A "
        "slider hides strands whose evidence is weaker than the chosen level."
    ),
    "toolkit.value.title": "Value for money: months of progress per US$100 (illustrative costs)",
    "toolkit.value.description": (
        "Horizontal bar chart ranking {n} strands with a positive impact by months of "
        "additional progress per 100 US dollars per pupil, coloured by evidence strength."
    ),
    "toolkit.panel.impact": "Impact",
    "toolkit.panel.cost": "Cost",
    "toolkit.panel.evidence": "Evidence",
    "toolkit.panel.package": "Your package",
    "toolkit.line.strands": " strand(s), US$",
    "toolkit.line.per_pupil": " per pupil: ",
    "toolkit.line.over": "OVER the budget",
    "toolkit.line.within": "within the budget",
    "toolkit.line.best": "Best single strand: ",
    "toolkit.line.weakest": " months · weakest evidence: ",
    "toolkit.line.of_5": " of 5",
    "toolkit.line.sum": "Sum of months: ",
    "toolkit.line.no_sum": ", but combined effects are not known to add up.",
    "toolkit.hint": "Click a bar of the Impact panel to add or remove a strand.",
    "toolkit.dashboard.title": (
        "Choose a package of interventions under a budget (illustrative toolkit)"
    ),
    "toolkit.dashboard.description": (
        "Three aligned bar charts list {n} intervention strands by impact in months, cost "
        "per pupil in US dollars and evidence strength. Clicking a strand adds it to a "
        "package; a bar below shows the package's total cost against a budget line set "
        "by a slider, and three lines of text give the number of strands, the best "
        "single impact, the weakest evidence and a warning that effects do not simply "
        "add up. A second slider fades strands with weaker evidence."
    ),
    "toolkit.package.empty": "Tick at least one strand.",
    "toolkit.package.fits": "fits the budget, with US${left} per pupil left",
    "toolkit.package.over": "is US${over} per pupil over the budget",
    "toolkit.package.message": (
        "Your package of {n} strand(s) costs US${cost} per pupil and {fit}. Its best single "
        "strand adds about {best} months; its weakest evidence is {weakest} of 5."
    ),
    "toolkit.package.no_sum": (
        " Adding up the months would give {total}, but effects of combined strands are not "
        "known to add up: do not promise that."
    ),
    # Dashboards: three answers to one question (emiskit/dashboards.py)
    "answers.source.ours": "Our data",
    "answers.source.research": "Research elsewhere",
    "answers.toolkit_line": "Toolkit: small-group tutoring (research elsewhere)",
    "answers.axis.effect": "Estimated effect (standard deviations)",
    "answers.estimate": "Estimate",
    "answers.title": "One question, three answers from our data, one from research",
    "answers.description": (
        "Horizontal bars of four estimated effects of tutoring, in standard deviations: "
        "targeted schools compared after the programme, about minus 0.6; change in "
        "targeted schools compared with others, about plus 0.4; the randomised pilot, "
        "about plus 0.2; and the toolkit's average for small-group tutoring, about 0.3."
    ),
    # Survey answers on ordered scales (emiskit/likert.py)
    "likert.all_countries": "All countries",
    "likert.bind.country": "Country ",
    "likert.bind.role": "Who answered ",
    "likert.how_often": "How often",
    "likert.axis.share": "Share of those who answered",
    "likert.axis.diverging": "← disagree · percent of those who answered · agree →",
    "likert.role": "Role",
    "likert.percent": "Percent",
    "likert.respondents": "Respondents",
    "likert.answered": "Answered (n)",
    "likert.count": "Count",
    "likert.answer": "Answer",
    "likert.statement": "Statement",
    "likert.agree_total": "Agree or strongly agree (%)",
    "likert.frequency.title": "How often each role uses each source of evidence",
    "likert.frequency.description": (
        "Six panels, one per source of evidence. In each, one 100% stacked bar per "
        "role shows the shares answering never, once a year, each term, monthly and "
        "weekly, from light to dark blue. A menu picks one country or all countries."
    ),
    "likert.naive.title": "Barriers to using evidence (school leaders): a poor chart",
    "likert.naive.description": (
        "A stacked bar chart of counts with answers in alphabetical order: agree, "
        "disagree, neutral, strongly agree, strongly disagree. Shown as an example of what "
        "not to do."
    ),
    "likert.diverging.title": "What gets in the way of using evidence?",
    "likert.diverging.description": (
        "Diverging stacked bars for six statements about barriers to using evidence. "
        "Disagreement extends left of the centre line, agreement right, and neutral "
        "answers are split across the centre. Each statement shows the number who "
        "answered. A menu picks the role of the respondents; {start} are shown first."
    ),
    # Dashboards: assessment results (emiskit/dashboards.py)
    "assessment.bind.grade": "Grade ",
    "assessment.bind.subject": "Subject ",
    "assessment.bind.year": "Year ",
    "assessment.year": "Year",
    "assessment.pupils": "Pupils",
    "assessment.region": "Region",
    "assessment.district": "District",
    "assessment.from_score": "From score",
    "assessment.subtitle": "Valdoria (fictional data)",
    "assessment.axis.score": "Scale score",
    "assessment.axis.pupils_per_bin": "Pupils (per 20-point bin)",
    "assessment.axis.below_minimum": "Pupils below the minimum level (%)",
    "assessment.histogram.title": "How scores are spread, 2019 and 2022",
    "assessment.histogram.description": (
        "Two overlapping histograms of scale scores in Valdoria, a fictional country, for "
        "2019 and 2022, with menus to choose the grade and the subject. The 2022 "
        "distribution has the same bell shape as 2019 but is shifted about 40 points to the "
        "left."
    ),
    "assessment.districts.title": "Share of pupils below the minimum, by district",
    "assessment.districts.description": (
        "Dot plot of the share of pupils below the minimum proficiency level in each of the "
        "{n} districts of Valdoria, a fictional country, coloured by region and sorted from "
        "highest to lowest, with menus for grade, subject and year. Districts of the Selva "
        "de Yaruní and Sierra de Quimal regions are at the top; those of the capital region "
        "at the bottom."
    ),
    # Dashboards: learning loss (emiskit/dashboards.py)
    "loss.axis.pupils_percent": "Pupils (%)",
    "loss.level": "Level",
    "loss.grade": "Grade",
    "loss.subject": "Subject",
    "loss.levels.title": "Pupils by performance level, 2019 and 2022",
    "loss.levels.description": (
        "Stacked bars for Valdoria, a fictional country, one pair per grade and subject, "
        "showing the share of pupils at levels I to IV in 2019 and in 2022. In every panel "
        "the level I segment is much longer in 2022, and levels III and IV shorter."
    ),
    "loss.axis.average": "Average score",
    "loss.axis.average_honest": "Average score (axis: mean ± 2 SD of 2019)",
    "loss.axis.loss_sd": "Loss (SD of 2019 scores)",
    "loss.misleading.title": "A collapse?",
    "loss.honest.title": "Honestly",
    "loss.from_zero.title": "The loss, from zero",
    "loss.three.title": "Three pictures of one loss",
    "loss.three.description": (
        "Three charts of the same learning loss in Valdoria, a fictional country. Left: bars "
        "of the average score in 2019 and 2022 on an axis starting at 650, which makes the "
        "2022 bar look a quarter as tall. Middle: the two averages as dots on an axis from "
        "500 to 900, showing a drop of about 40 points. Right: the loss in each grade and "
        "subject as bars starting from zero, about minus 0.4 standard deviations."
    ),
    # Dashboards: programme evaluation (emiskit/dashboards.py)
    "evaluation.axis.score_2019": "School mean score in 2019",
    "evaluation.axis.change": "Change 2019 → 2022 (points)",
    "evaluation.school": "School",
    "evaluation.arm": "Arm",
    "evaluation.group": "Group",
    "evaluation.strip.title": "Where each school started",
    "evaluation.strip.subtitle": "Valdoria (fictional data). One tick per school.",
    "evaluation.strip.description": (
        "Strip plot of the 2019 mean score of each school in Valdoria, a fictional country, "
        "by programme arm. The targeted schools all lie at the bottom of the range, below "
        "about 620 points; pilot treatment and pilot control schools cover the same range; "
        "schools not in the programme cover the whole range."
    ),
    "evaluation.rtm.title": "Schools that started low lost less, even without the programme",
    "evaluation.rtm.subtitle": (
        "Valdoria (fictional data). Dashed line: trend among schools without the programme."
    ),
    "evaluation.rtm.description": (
        "Scatter plot of schools in Valdoria, a fictional country: the 2019 mean score on the "
        "horizontal axis and the change to 2022 on the vertical axis. Among schools without "
        "the programme the dashed trend line slopes downwards: schools that started low lost "
        "less. The targeted schools, all at the far left, lie above the line."
    ),
    # Dashboards: monitoring framework (emiskit/dashboards.py)
    "monitoring.bind.gain": "Gain in points ",
    "monitoring.axis.gain": "Average gain per pupil (points)",
    "monitoring.indicator": "Indicator",
    "monitoring.gain.title": "What a given gain would do to the programme schools' indicators",
    "monitoring.gain.subtitle": "Valdoria (fictional data), baseline 2022",
    "monitoring.gain.description": (
        "Line chart for the tutoring programme schools of Valdoria, a fictional country: as "
        "the average gain per pupil rises from 0 to 50 points, the share below the minimum "
        "falls slowly from about 85% and the share at level I falls faster from about 77%. "
        "A slider chooses a gain and labels both values; a dashed line marks {pilot} points."
    ),
    # Dashboards: early warning (emiskit/dashboards.py)
    "warning.bind.cut": "Pupils flagged (%): ",
    "warning.axis.flagged": "Share of pupils flagged, highest risk first (%)",
    "warning.flagged": "Pupils flagged (%)",
    "warning.measure": "Measure",
    "warning.curve.title": "Precision and recall of the model, pupils of {year}",
    "warning.curve.description": (
        "Line chart of precision and recall of the dropout model against the share of "
        "pupils flagged; a slider moves a vertical line and shows both values at that "
        "cut-off."
    ),
    # Dashboards: positive deviance (emiskit/dashboards.py)
    "deviance.axis.tests": "Tests behind the school's mean (log scale)",
    "deviance.axis.residual": "Actual minus expected score (points)",
    "deviance.school_name": "School name",
    "deviance.tests": "Tests",
    "deviance.funnel.title": "Schools above and below expectation, {year}",
    "deviance.funnel.description": (
        "Funnel chart: each point is a school, with the number of tests across (log scale) "
        "and its actual minus expected score up the side; dashed lines mark two standard "
        "errors, and schools clearly above expectation are coloured differently."
    ),
    # Dashboards: data quality (emiskit/dashboards.py)
    "quality_chart.axis.ger": "Gross enrolment ratio, primary (%)",
    "quality_chart.version": "Version",
    "quality_chart.title": "Primary GER 2024 by district: published vs forms as typed",
    "quality_chart.description": (
        "Dot chart comparing, for each of the {n} districts, the published primary gross "
        "enrolment ratio of 2024 with the ratio obtained by adding up the census forms as "
        "typed; the naive figures are far off in several districts."
    ),
    # Dashboards: joining sectors (emiskit/dashboards.py)
    "sectors.bind.outcome": "Outcome: ",
    "sectors.bind.rule": "Rule: ",
    "sectors.axis.poverty": "People below the poverty line (%)",
    "sectors.axis.outcome": "Outcome (%)",
    "sectors.outcome": "Outcome",
    "sectors.primary_pupils": "Primary pupils",
    "sectors.indigenous": "Indigenous-language households (%)",
    "sectors.outcomes.title": "Poverty and education outcomes by district, {year}",
    "sectors.outcomes.description": (
        "Scatter plot of the {n} districts of Valdoria: poverty rate across, the education "
        "outcome chosen in the menu up the side, circle size the number of primary pupils "
        "and colour the share of Indigenous-language households."
    ),
    "sectors.axis.per_1000": "Groups per 1,000 pupils",
    "sectors.axis.district_poorest": "District (poorest at the top)",
    "sectors.poverty_rate": "Poverty rate (%)",
    "sectors.rule": "Rule",
    "sectors.groups": "Groups",
    "sectors.allocation.title": "Tutoring groups per 1,000 primary pupils, by district",
    "sectors.allocation.description": (
        "Bar chart of tutoring groups per 1,000 primary pupils in each district, poorest "
        "district at the top, under the allocation rule chosen in the menu."
    ),
}
