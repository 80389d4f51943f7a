from connectors.source import Source, signature

SOURCE = Source(
    name="google_business_profile",
    source="google_business_profile",
    channel="feedback",
    formats=("json",),
    signatures=(signature("reviews", "reviewId", "starRating"),
                signature("reviewId", "starRating", "createTime")),
    description=("Google Business Profile reviews (the API's JSON `reviews[]`, or NDJSON): "
                 "reviewId, reviewer.displayName, starRating ONE..FIVE, comment, createTime / "
                 "updateTime (RFC 3339), name accounts/../locations/../reviews/.. (the location "
                 "is the subject). Reviews name no customer: channel-level feedback."),
    columns={"name": "VARCHAR", "reviewId": "VARCHAR", "starRating": "VARCHAR",
             "comment": "VARCHAR", "createTime": "VARCHAR", "updateTime": "VARCHAR",
             "reviewer": "STRUCT(displayName VARCHAR, isAnonymous BOOLEAN)"},
    records=("reviews",),
)
