from connectors.source import Source, signature

SOURCE = Source(
    name="typeform_api",
    source="typeform",
    channel="feedback",
    formats=("json",),
    signatures=(signature("items", "landing_id", "submitted_at", "answers"),
                signature("landing_id", "token", "submitted_at", "answers")),
    description=("Typeform Responses API pages (JSON `items[]`, or one response per NDJSON "
                 "line): `submitted_at` (RFC 3339), `hidden` fields (email, customer_id, "
                 "anonymous_id, step), typed `answers[]`: the nps field (0-10), rating (stars "
                 "1-5) or opinion_scale (1-5) gives the score, text answers the comment."),
    columns={
        "token": "VARCHAR", "response_id": "VARCHAR", "landing_id": "VARCHAR",
        "landed_at": "VARCHAR", "submitted_at": "VARCHAR", "hidden": "JSON",
        "metadata": "STRUCT(network_id VARCHAR, platform VARCHAR)",
        "answers": ("STRUCT(field STRUCT(id VARCHAR, type VARCHAR, ref VARCHAR), type VARCHAR, "
                    "number VARCHAR, text VARCHAR, email VARCHAR, choice STRUCT(label VARCHAR))[]"),
    },
    records=("items",),
)
