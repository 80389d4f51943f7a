from connectors.source import Source, signature

SOURCE = Source(
    name="surveymonkey",
    source="surveymonkey",
    channel="feedback",
    formats=("csv",),
    signatures=(signature("Respondent ID", "Collector ID", "Start Date", "End Date"),),
    description=("SurveyMonkey responses export (CSV, two header lines: the questions, then each "
                 "column's answer option, 'Response' or 'Open-Ended Response'): Respondent ID, "
                 "End Date (MM/DD/YYYY hh:mm:ss AM in the account's time zone), Email Address, "
                 "custom variables (step/trigger); the rating question is found by its text."),
    columns={name: "VARCHAR" for name in ("Email Address", "Custom Data 1", "step", "trigger")},
    header_rows=2,
)
