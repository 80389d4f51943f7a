"""Voice of the customer: feedback (surveys, reviews, support) as measured emotion, thoughts and
pain points per persona, stage and designed step.

Public: `mine_feedback` (score, attribute, summarise; writes the `feedback_*` tables),
`FeedbackSettings`, and the plain-data view of a designed map it needs: `FeedbackDesign` of
`StepRef`s. Modules, one job each: `text` (language, English sentiment), `classifier` (sentiment
for other languages, trained on the data's own scores), `masking` (personal data out of quotes),
`scoring` (text results per comment), `feedback.sql` (attribution and summaries), `summary`
(intervals), `painpoints` (clustering), `quotes` (representative thoughts), `mine` (the run).
"""

from mining.feedback.masking import Masker
from mining.feedback.mine import FeedbackDesign, FeedbackResult, StepRef, mine_feedback
from mining.feedback.settings import FeedbackSettings

__all__ = ["FeedbackDesign", "FeedbackResult", "FeedbackSettings", "Masker", "StepRef",
           "mine_feedback"]
