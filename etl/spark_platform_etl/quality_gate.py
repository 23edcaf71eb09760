"""The quality gate: a batch with too many quarantined rows in any dataset is not published.

The transform writes staging, quarantine and the quality report first, so on-call has the evidence,
then leaves curated untouched and exits with ``QualityGateError.exit_code``. The threshold is the
environment's ``emr.quarantine_rate_threshold_percent`` (``--max-quarantine-percent``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .errors import EtlError
from .lake import Lake


class QualityGateError(EtlError):
    """A dataset's quarantine rate is above the threshold: the batch is not published to curated."""

    exit_code = 4


@dataclass(frozen=True)
class Breach:
    dataset: str
    rows_in: int
    rows_quarantined: int
    rate_percent: float
    quarantine_path: str
    top_reasons: dict[str, int]


@dataclass(frozen=True)
class GateResult:
    threshold_percent: float | None
    breaches: tuple[Breach, ...]

    @property
    def passed(self) -> bool:
        return not self.breaches

    def as_dict(self) -> dict:
        return {
            "threshold_percent": self.threshold_percent,
            "passed": self.passed,
            "breaches": [asdict(b) for b in self.breaches],
        }

    def enforce(self, report_path: str) -> None:
        if self.passed:
            return
        lines = "; ".join(
            f"{b.dataset}: {b.rows_quarantined:,} of {b.rows_in:,} rows quarantined ({b.rate_percent:.1f} %, "
            f"mostly {', '.join(b.top_reasons) or 'n/a'}; rows in {b.quarantine_path})"
            for b in self.breaches
        )
        raise QualityGateError(
            f"quality gate failed (threshold {self.threshold_percent:g} % quarantined per dataset): {lines}. "
            f"Nothing was published to curated. Report: {report_path}. Fix the source data and land the "
            "batch again, or raise emr.quarantine_rate_threshold_percent if this rate is expected."
        )


def evaluate(
    datasets: dict[str, dict], threshold_percent: float | None, lake: Lake, run_date: str
) -> GateResult:
    """Checks each dataset's reconciled ``rows_in`` and ``rows_quarantined`` against the threshold.

    ``threshold_percent=None`` turns the gate off (library use); the command line always sets one.
    """
    if threshold_percent is None:
        return GateResult(None, ())
    breaches = []
    for name, stats in datasets.items():
        rows_in, quarantined = stats["rows_in"], stats["rows_quarantined"]
        rate = 100.0 * quarantined / rows_in if rows_in else 0.0
        if rate > threshold_percent:
            reasons = stats.get("quarantine_reasons", {})
            breaches.append(
                Breach(
                    dataset=name,
                    rows_in=rows_in,
                    rows_quarantined=quarantined,
                    rate_percent=round(rate, 2),
                    quarantine_path=f"{lake.quarantine(name)}/run_date={run_date}",
                    top_reasons=dict(list(reasons.items())[:3]),
                )
            )
    return GateResult(threshold_percent, tuple(breaches))
