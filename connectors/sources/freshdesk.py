from connectors.source import Source, signature

SOURCE = Source(
    name="freshdesk",
    source="freshdesk",
    channel="feedback",
    formats=("csv",),
    signatures=(signature("Ticket ID", "Subject", "Created time", "Resolved time"),
                signature("Ticket ID", "Created time", "Survey results")),
    description=("Freshdesk tickets export (CSV, times in the helpdesk's time zone): Ticket ID, "
                 "Subject, Status, Created time, Resolved time, Closed time, Survey results "
                 "(the satisfaction label, read as CSAT 1-5), Contact ID, Email, Full name."),
    columns={name: "VARCHAR" for name in (
        "Status", "Resolved time", "Closed time", "Last update time", "Survey results",
        "Contact ID", "Email", "Full name")},
)
