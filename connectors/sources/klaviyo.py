from connectors.source import Source, signature

SOURCE = Source(
    name="klaviyo",
    source="klaviyo",
    channel="email",
    formats=("json",),
    signatures=(signature("type", "attributes.datetime", "relationships.metric"),
                signature("type", "id", "attributes.email")),
    description=("Klaviyo API objects (NDJSON, or a saved page with data + included): events "
                 "(attributes.datetime, metric and profile relationships), metrics (their names) "
                 "and profiles (email, location, organization, custom properties)."),
    columns={
        "type": "VARCHAR", "id": "VARCHAR", "attributes": "JSON",
        "relationships": ("STRUCT(profile STRUCT(data STRUCT(id VARCHAR)), "
                          "metric STRUCT(data STRUCT(id VARCHAR)))"),
    },
)
