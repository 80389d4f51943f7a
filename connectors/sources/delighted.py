from connectors.source import Source, signature

SOURCE = Source(
    name="delighted",
    source="delighted",
    channel="feedback",
    formats=("json",),
    signatures=(signature("survey_type", "score", "person", "created_at"),),
    description=("Delighted survey responses (the API's JSON array, or NDJSON): `person` (an id, "
                 "or with expand[]=person an object with email), `survey_type` nps/enps (0-10), "
                 "csat/smileys (1-5), ces (1-7), five_star (1-5), thumbs (0/1), `score`, "
                 "`comment`, unix `created_at`, `person_properties` (trigger/step, locale, "
                 "customer_id)."),
    columns={"id": "VARCHAR", "person": "JSON", "survey_type": "VARCHAR", "score": "VARCHAR",
             "comment": "VARCHAR", "created_at": "VARCHAR", "person_properties": "JSON",
             "tags": "JSON"},
)
