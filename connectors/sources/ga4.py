from connectors.source import Source, signature

SOURCE = Source(
    name="ga4",
    source="ga4",
    channel="web",
    formats=("json",),
    signatures=(signature("event_name", "event_timestamp", "user_pseudo_id"),),
    description=("GA4 BigQuery export as NDJSON: event_timestamp in microseconds (UTC, number or "
                 "string), user_pseudo_id linked to user_id, event_params page_location, "
                 "collected_traffic_source with gclid and UTM fields, geo.country."),
    columns={
        "event_timestamp": "VARCHAR", "event_name": "VARCHAR", "user_id": "VARCHAR",
        "user_pseudo_id": "VARCHAR", "event_bundle_sequence_id": "VARCHAR",
        "event_params": ("STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, "
                         "int_value VARCHAR))[]"),
        "collected_traffic_source": ("STRUCT(manual_campaign_name VARCHAR, manual_source "
                                     "VARCHAR, manual_medium VARCHAR, gclid VARCHAR)"),
        "geo": "STRUCT(country VARCHAR, city VARCHAR)",
    },
)
