"""Class breaks for the choropleth, in numpy: quantiles and Fisher–Jenks natural breaks.

mapclassify gives the same breaks but imports scipy and matplotlib (seconds on a small
server, paid by the first visitor); these two are all the atlas uses.
"""

from __future__ import annotations

import numpy as np


def quantile_bins(values: np.ndarray, k: int) -> list[float]:
    """Upper bounds of k quantile classes (as mapclassify.Quantiles: duplicates dropped)."""
    x = np.asarray(values, dtype=float)
    q = np.percentile(x, np.linspace(100 / k, 100, k))
    return sorted(set(float(v) for v in q))


def fisher_jenks_bins(values: np.ndarray, k: int) -> list[float]:
    """Upper bounds of the k classes minimising the within-class sum of squared deviations
    (Fisher 1958; exact dynamic programme, O(k·n²) with the inner loop in numpy)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    k = min(k, len(np.unique(x)))
    if k <= 1:
        return [float(x[-1])]
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    i = np.arange(n)[:, None]  # first index of the last class
    j = np.arange(n)[None, :]  # last index
    cnt = np.maximum(j - i + 1, 1)
    tot = s1[j + 1] - s1[i]
    ssd = np.where(i <= j, (s2[j + 1] - s2[i]) - tot * tot / cnt, np.inf)  # n × n, x[i..j]
    cost = np.empty((k, n))
    start = np.zeros((k, n), dtype=int)
    cost[0] = ssd[0]
    for c in range(1, k):
        prev = np.concatenate([[np.inf], cost[c - 1][:-1]])  # cost of x[0..i-1] in c classes
        total = prev[:, None] + ssd
        start[c] = np.argmin(total, axis=0)
        cost[c] = total[start[c], np.arange(n)]
    bounds = []
    j = n - 1
    for c in range(k - 1, -1, -1):
        bounds.append(float(x[j]))
        j = start[c, j] - 1
    return sorted(set(bounds))
