from connectors.source import Source, signature

SOURCE = Source(
    name="qualtrics",
    source="qualtrics",
    channel="feedback",
    formats=("csv",),
    signatures=(signature("ResponseId", "RecordedDate", "DistributionChannel"),),
    description=("Qualtrics survey responses (CSV with three header lines: export tags, question "
                 "labels, ImportId JSON with the time zone of the dates): RecordedDate, "
                 "ResponseId, RecipientEmail or ExternalReference (a user id), the NPS question "
                 "(the column with a `_NPS_GROUP` companion), text answers (`_TEXT`), and an "
                 "embedded-data field trigger/touchpoint/journey_step/step naming the step."),
    columns={name: "VARCHAR" for name in (
        "RecipientEmail", "ExternalReference", "UserLanguage", "trigger", "touchpoint",
        "journey_step", "step")},
    header_rows=3,
)
