from connectors.source import Source, signature

SOURCE = Source(
    name="intercom",
    source="intercom",
    channel="feedback",
    formats=("json",),
    signatures=(signature("conversations", "conversation_rating", "contacts"),
                signature("type", "contacts", "conversation_rating", "state")),
    description=("Intercom conversations (API JSON `conversations[]`, or one per NDJSON line): "
                 "created_at (unix), source.body (HTML) and source.author.email, contacts "
                 "(contact id, external_id = your user id), state, statistics.last_close_at or "
                 "the close part in conversation_parts, conversation_rating {rating 1-5, "
                 "remark, created_at}."),
    columns={"id": "VARCHAR", "created_at": "VARCHAR", "updated_at": "VARCHAR",
             "state": "VARCHAR", "title": "VARCHAR",
             "source": "STRUCT(body VARCHAR, author STRUCT(type VARCHAR, email VARCHAR))",
             "contacts": "STRUCT(contacts STRUCT(id VARCHAR, external_id VARCHAR)[])",
             "statistics": "STRUCT(last_close_at VARCHAR)",
             "conversation_parts": ("STRUCT(conversation_parts STRUCT(part_type VARCHAR, "
                                    "created_at VARCHAR)[])"),
             "conversation_rating": "STRUCT(rating VARCHAR, remark VARCHAR, created_at VARCHAR)"},
    records=("conversations",),
)
