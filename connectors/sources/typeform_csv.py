from connectors.source import Source, signature

SOURCE = Source(
    name="typeform_csv",
    source="typeform",
    channel="feedback",
    formats=("csv",),
    signatures=(signature("#", "Submit Date (UTC)", "Network ID"),),
    description=("Typeform responses download (CSV): `#` (the response token), one column per "
                 "question titled as asked, hidden fields (email, customer_id, anonymous_id, "
                 "step), `Submit Date (UTC)` (`Stage Date (UTC)` for partial responses), "
                 "`Network ID`. The rating is the question asking to "
                 "recommend (NPS 0-10), about ease (CES 1-7) or satisfaction (CSAT 1-5); the "
                 "comment the question asking why / what to improve."),
    columns={name: "VARCHAR" for name in (
        "email", "customer_id", "anonymous_id", "step", "trigger", "Stage Date (UTC)")},
)
