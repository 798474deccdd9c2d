"""Calibrated combined score: a likelihood ratio from a logistic regression on NFI scores.

Features, defined as in the NFI breech-face data (``scores/nfi_glock_breech_face_scores.csv``,
188 known-match / 1,327 known-non-match Glock pairs):

* ``accf`` — areal (masked) normalised cross-correlation at the best registration, 0..1
  (NFI reports it ×100); ours is :attr:`matching.compare.Pose.score`.
* ``cmc`` — congruent matching cells; ours is the mean of the two directions.

A logistic regression (C = 1e4, i.e. nearly unregularised) on those two features gives the
log-odds of "same firearm" at the training prior; subtracting the training prior log-odds
ln(188/1327) turns it into a natural-log likelihood ratio, reported as log10 LR:
``log10 LR = (w_accf·accf + w_cmc·cmc + b − ln(188/1327)) / ln 10``.
Positive = evidence for same firearm. The constants below were fitted with
:func:`fit_calibration` (a test re-fits them from the CSV and checks they agree).

Caveat: NFI's cells and registration differ from ours (Glock, other scanner), so the LR is a
transfer of scale, not a validated LR for these firearms.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Calibration:
    w_accf: float
    w_cmc: float
    intercept: float
    prior_log_odds: float

    def log10_lr(self, accf: float, cmc: float) -> float:
        """log10 likelihood ratio for one pair; O(1)."""
        z = self.w_accf * accf + self.w_cmc * cmc + self.intercept - self.prior_log_odds
        return z / math.log(10.0)


NFI_CALIBRATION = Calibration(
    w_accf=12.32295, w_cmc=1.209707, intercept=-7.097245, prior_log_odds=math.log(188 / 1327)
)
#: Review threshold on log10 LR: above it the pair is put in front of an examiner first.
REVIEW_LOG10_LR = 0.0


def fit_calibration(csv_path: Path) -> Calibration:
    """Fit :class:`Calibration` on an NFI-format CSV (columns accf, cmc, hypothesis)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r["accf"]) / 100.0, float(r["cmc"])] for r in rows])
    y = np.array([int(r["hypothesis"]) for r in rows])
    model = LogisticRegression(C=1e4, max_iter=5000).fit(x, y)
    n1, n0 = int(y.sum()), int((1 - y).sum())
    return Calibration(
        w_accf=float(model.coef_[0, 0]),
        w_cmc=float(model.coef_[0, 1]),
        intercept=float(model.intercept_[0]),
        prior_log_odds=math.log(n1 / n0),
    )
