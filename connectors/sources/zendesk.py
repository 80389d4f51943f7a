from connectors.source import Source, signature

SOURCE = Source(
    name="zendesk",
    source="zendesk",
    channel="feedback",
    formats=("json",),
    signatures=(signature("tickets", "requester_id", "satisfaction_rating"),
                signature("users", "email", "role"),
                signature("requester_id", "via", "satisfaction_rating", "status")),
    description=("Zendesk incremental exports (JSON pages, or NDJSON): tickets[] (id, "
                 "created_at, updated_at, status, requester_id, via.channel, subject, "
                 "description, satisfaction_rating {score good/bad/offered/unoffered, comment}, "
                 "tags), side-loaded metric_sets[] (solved_at) and users[]; the users export "
                 "(id, email, role, locale) ties each requester to their email."),
    columns={"id": "VARCHAR", "created_at": "VARCHAR", "updated_at": "VARCHAR",
             "status": "VARCHAR", "requester_id": "VARCHAR",
             "via": "STRUCT(channel VARCHAR)", "subject": "VARCHAR", "description": "VARCHAR",
             "satisfaction_rating": "JSON", "tags": "VARCHAR[]", "ticket_id": "VARCHAR",
             "solved_at": "VARCHAR", "email": "VARCHAR", "role": "VARCHAR",
             "locale": "VARCHAR"},
    records=("tickets", "metric_sets", "users"),
)
