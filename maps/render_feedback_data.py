"""The measured emotion beside the designed one: feedback figures joined onto the step rows.

`mining.feedback` writes one row per designed step to `feedback_steps`; the pages draw the
designed steps (`designed_steps`, `overlay_steps` frames). Joining the measured columns onto
those rows by step index lets every figure that draws a step's emotion find both curves in the
same row (see `render_emotion.emotion_series`). Column names say which is which: `measured_*`.
"""

from __future__ import annotations

import pandas as pd

# feedback_steps column -> name on the step rows
MEASURED_COLUMNS = {"measured_emotion": "measured_emotion", "ci_low": "measured_low",
                    "ci_high": "measured_high", "n": "measured_n", "enough": "measured_enough"}
STEP_FRAMES = ("designed_steps", "steps")


def with_measured_emotion(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """`frames` with the measured columns on the step frames, when there is feedback."""
    feedback = frames.get("feedback")
    if feedback is None or feedback.empty:
        return frames
    measured = (feedback[["step_index", *MEASURED_COLUMNS]].rename(columns=MEASURED_COLUMNS)
                .astype({"step_index": "int64"}).set_index("step_index"))
    joined = dict(frames)
    for name in STEP_FRAMES:
        frame = frames.get(name)
        if frame is not None and not frame.empty:
            steps = frame["step_index"].astype("int64")
            joined[name] = frame.assign(**{column: steps.map(measured[column]).to_numpy()
                                           for column in measured.columns})
    return joined
