"""Intervals for the measured emotion of a step, stage or persona.

The interval is Student's t-interval of the mean of the items' measured emotions:
mean ± t(1 - (1 - confidence) / 2, n - 1) · sd / √n. It needs two answers or more (n = 1 has no
spread) and, like every normal-theory interval, is approximate for small n on a bounded
five-point scale: that is why steps with fewer than `min_n` answers are drawn as "too few to
say" rather than with a value.
"""

from __future__ import annotations

import math

import pandas as pd

CI_METHOD = "t-interval of the mean"


def t_half_width(sd: float | None, n: int, confidence: float) -> float | None:
    """Half-width of the t-interval of a mean; None with fewer than two values."""
    from scipy.stats import t

    if n < 2 or sd is None or (isinstance(sd, float) and math.isnan(sd)):
        return None
    return float(t.ppf(1 - (1 - confidence) / 2, n - 1) * sd / math.sqrt(n))


def with_intervals(frame: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """`frame` (columns measured_emotion, sd, n) with ci_low, ci_high and ci_method added."""
    halves = [t_half_width(None if pd.isna(sd) else float(sd), int(n), confidence)
              for sd, n in zip(frame["sd"], frame["n"], strict=True)]
    low = [None if h is None else m - h for m, h in zip(frame["measured_emotion"], halves,
                                                         strict=True)]
    high = [None if h is None else m + h for m, h in zip(frame["measured_emotion"], halves,
                                                          strict=True)]
    return frame.assign(ci_low=pd.Series(low, dtype="float64", index=frame.index),
                        ci_high=pd.Series(high, dtype="float64", index=frame.index),
                        ci_method=CI_METHOD, confidence=confidence)
