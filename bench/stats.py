"""Percentiles of the benchmark's latency samples."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


@dataclass
class Stats:
    """Latencies (ms) of one measured thing."""

    samples: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "n": len(self.samples),
            "p50": round(pct(self.samples, 50), 2),
            "p95": round(pct(self.samples, 95), 2),
            "p99": round(pct(self.samples, 99), 2),
            "mean": round(statistics.fmean(self.samples), 2) if self.samples else float("nan"),
        }
