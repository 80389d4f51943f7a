from connectors.source import Source, signature

SOURCE = Source(
    name="trustpilot",
    source="trustpilot",
    channel="feedback",
    formats=("csv",),
    # header spellings differ between export versions ("Review Id" / "Review ID" ...)
    signatures=(signature("Review Id", "Review Created (UTC)", "Review Stars"),
                signature("Review ID", "Review Created (UTC)", "Review Stars"),
                signature("Review ID", "Review Created", "Review Stars")),
    description=("Trustpilot service reviews export (CSV): Review Id/ID, Review Created (UTC), "
                 "Review Stars (1-5), Review Title, Review Content, Review Language, Reference "
                 "Id, Review Consumer User Id/ID, and the reviewer's email when the review came "
                 "from an invitation (Review User Email / Consumer Email / Email). Without an "
                 "email a review stays channel-level feedback of its location or business."),
    columns={name: "VARCHAR" for name in (
        "Review Created (UTC)", "Review Created", "Review Title", "Review Content",
        "Review Language", "Reference Id", "Review User Email", "Consumer Email", "Email",
        "Location Name", "Webshop Name", "Domain Url", "Business Unit Id")},
)
