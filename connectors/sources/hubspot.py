from connectors.source import Source

SOURCE = Source(
    name="hubspot",
    channel="crm",
    format="csv",
    signature=frozenset({"Record ID", "Email", "Lifecycle Stage"}),
    description=("HubSpot contacts export (CSV): each 'Became a ... Date' column is a "
                "lifecycle step."),
)
