"""The platform's settings, as the MWAA environment hands them to the DAGs.

The MWAA construct sets them as Airflow configuration options in a custom section ``platform``
(``platform.lake_bucket`` and so on). Airflow exposes those through ``conf.get("platform", key)``
and, for local runs, the environment variables ``AIRFLOW__PLATFORM__<KEY>``. The keys and their
types are the contract in ``contracts/platform-options.json`` (tested against ``OPTIONS``); every
key has a default that makes a local run (or a test against moto) work, so no DAG carries ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from airflow.configuration import conf

SECTION = "platform"

# Key -> (contract type, default for local runs).
OPTIONS: dict[str, tuple[str, str]] = {
    "environment": ("string", "local"),
    "region": ("string", "eu-north-1"),
    "project": ("string", "spark-platform"),
    "owner": ("string", "data-platform-team"),
    "cost_center": ("string", "analytics"),
    "lake_bucket": ("string", "spark-platform-local-lake"),
    "emr_service_role": ("string", "spark-platform-local-emr-service"),
    "emr_instance_profile": ("string", "spark-platform-local-emr-instance-profile"),
    "emr_security_configuration": ("string", "spark-platform-local-emr"),
    "emr_log_uri": ("string", "s3://spark-platform-local-lake/logs/emr/"),
    "subnet_ids": ("list", "subnet-local-a,subnet-local-b"),
    "emr_primary_sg": ("string", "sg-local-emr-primary"),
    "emr_core_sg": ("string", "sg-local-emr-core"),
    "emr_service_sg": ("string", "sg-local-emr-service"),
    "alert_email": ("string", "data-platform-alerts@example.com"),
    "emr_release_label": ("string", "emr-7.8.0"),
    "emr_primary_instance_types": ("list", "m5.xlarge,m5a.xlarge,m6i.xlarge"),
    "emr_primary_on_demand_count": ("integer", "1"),
    "emr_primary_spot_count": ("integer", "0"),
    "emr_core_instance_types": ("list", "m5.xlarge,m5a.xlarge,m6i.xlarge"),
    "emr_core_on_demand_count": ("integer", "0"),
    "emr_core_spot_count": ("integer", "2"),
    "emr_idle_timeout_seconds": ("integer", "1800"),
    "emr_step_timeout_minutes": ("integer", "120"),
    "raw_arrival_timeout_minutes": ("integer", "360"),
    "quarantine_rate_threshold_percent": ("number", "5"),
    "generate_sample_data": ("boolean", "true"),
    "glue_staging_database": ("string", "staging"),
    "glue_curated_database": ("string", "curated"),
}

# Least value of each numeric option.
MINIMUMS: dict[str, float] = {"emr_idle_timeout_seconds": 60, "emr_step_timeout_minutes": 1}


class PlatformConfigError(ValueError):
    """A ``platform.*`` option has a value the DAGs cannot use."""


@dataclass(frozen=True)
class Fleet:
    """One EMR instance fleet: the types EMR may pick and how many nodes of each market."""

    instance_types: tuple[str, ...]
    on_demand: int
    spot: int

    @property
    def nodes(self) -> int:
        return self.on_demand + self.spot


@dataclass(frozen=True)
class PlatformConfig:
    environment: str
    region: str
    project: str
    owner: str
    cost_center: str
    lake_bucket: str
    emr_service_role: str
    emr_instance_profile: str
    emr_security_configuration: str
    emr_log_uri: str
    subnet_ids: tuple[str, ...]
    emr_primary_sg: str
    emr_core_sg: str
    emr_service_sg: str
    alert_email: str
    emr_release_label: str
    primary_fleet: Fleet
    core_fleet: Fleet
    emr_idle_timeout_seconds: int
    emr_step_timeout_minutes: int
    raw_arrival_timeout_minutes: int
    quarantine_rate_threshold_percent: float
    generate_sample_data: bool
    glue_staging_database: str
    glue_curated_database: str

    @property
    def lake_root(self) -> str:
        return f"s3://{self.lake_bucket}"


def _parse(key: str, raw: str) -> object:
    kind = OPTIONS[key][0]
    text = raw.strip()
    if kind == "list":
        items = tuple(item.strip() for item in text.split(",") if item.strip())
        if not items:
            raise PlatformConfigError(f"platform.{key} = {raw!r}: expected a comma-separated list like 'a,b'")
        return items
    if kind == "boolean":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise PlatformConfigError(f"platform.{key} = {raw!r}: expected 'true' or 'false'")
    if kind in ("integer", "number"):
        number_type = int if kind == "integer" else float
        try:
            value = number_type(text)
        except ValueError:
            raise PlatformConfigError(f"platform.{key} = {raw!r}: expected an {kind}") from None
        minimum = MINIMUMS.get(key, 0)
        if value < minimum:
            raise PlatformConfigError(f"platform.{key} = {raw!r}: must be at least {minimum:g}")
        return value
    return text


def parse_config(raw: dict[str, str | None]) -> PlatformConfig:
    """Builds the typed configuration from raw string options (missing keys take their default)."""
    unknown = set(raw) - OPTIONS.keys()
    if unknown:
        raise PlatformConfigError(f"unknown platform option(s): {', '.join(sorted(unknown))}")
    texts = {key: default for key, (_, default) in OPTIONS.items()}
    texts.update({key: value for key, value in raw.items() if value is not None})
    for key, text in texts.items():
        if not str(text).strip():
            raise PlatformConfigError(f"platform.{key} is empty; set it or remove it to use the default")
    values = {key: _parse(key, text) for key, text in texts.items()}
    if not str(values["emr_log_uri"]).startswith("s3://"):
        raise PlatformConfigError(f"platform.emr_log_uri = {values['emr_log_uri']!r}: expected an s3:// URI")
    if values["quarantine_rate_threshold_percent"] > 100:
        raise PlatformConfigError("platform.quarantine_rate_threshold_percent: must be at most 100")

    def fleet(name: str) -> Fleet:
        return Fleet(
            values.pop(f"emr_{name}_instance_types"),
            values.pop(f"emr_{name}_on_demand_count"),
            values.pop(f"emr_{name}_spot_count"),
        )

    primary, core = fleet("primary"), fleet("core")
    if primary.nodes not in (1, 3):
        raise PlatformConfigError(
            f"platform.emr_primary_on_demand_count + emr_primary_spot_count = {primary.nodes}: "
            "EMR runs 1 or 3 primary nodes"
        )
    if core.nodes < 1:
        raise PlatformConfigError(
            "platform.emr_core_on_demand_count + emr_core_spot_count must be at least 1"
        )
    return PlatformConfig(primary_fleet=primary, core_fleet=core, **values)


def load_config() -> PlatformConfig:
    """Reads the ``platform`` section from Airflow's configuration (MWAA options or env vars)."""
    return parse_config({key: conf.get(SECTION, key, fallback=None) for key in OPTIONS})
