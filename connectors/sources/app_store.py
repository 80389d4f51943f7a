from connectors.source import Source, signature

SOURCE = Source(
    name="app_store",
    source="app_store",
    channel="feedback",
    formats=("json",),
    signatures=(signature("type", "attributes.rating", "attributes.reviewerNickname"),),
    description=("App Store Connect customer reviews (API JSON `data[]` of type "
                 "customerReviews): attributes rating (1-5), title, body, reviewerNickname, "
                 "createdDate (with offset), territory; the app is named in the page's "
                 "links.self. App reviews name no customer: channel-level feedback."),
    columns={"type": "VARCHAR", "id": "VARCHAR",
             "attributes": ("STRUCT(rating VARCHAR, title VARCHAR, body VARCHAR, "
                            "reviewerNickname VARCHAR, createdDate VARCHAR, territory VARCHAR)")},
    records=("data",),
)
