"""The platform's settings, as the MWAA environment hands them to the DAGs.

The MWAA construct sets them as Airflow configuration options in a custom section ``platform``
(``platform.lake_bucket`` and so on). Airflow exposes those through ``conf.get("platform", key)``
and, for local runs, the environment variables ``AIRFLOW__PLATFORM__<KEY>``. Every key has a
default that makes a local run (or a test against moto) work, so no DAG carries ids of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from airflow.configuration import conf

SECTION = "platform"

# Key -> default for local runs. The MWAA construct sets every key listed in the contract.
DEFAULTS: dict[str, str] = {
    "environment": "local",
    "region": "eu-north-1",
    "lake_bucket": "spark-platform-local-lake",
    "emr_service_role": "spark-platform-local-emr-service",
    "emr_instance_profile": "spark-platform-local-emr-instance-profile",
    "emr_security_configuration": "spark-platform-local-emr",
    "emr_log_uri": "s3://spark-platform-local-lake/logs/emr/",
    "subnet_ids": "subnet-local-a,subnet-local-b",
    "emr_primary_sg": "sg-local-emr-primary",
    "emr_core_sg": "sg-local-emr-core",
    "emr_service_sg": "sg-local-emr-service",
    "alert_email": "data-platform-alerts@example.com",
    "emr_idle_timeout_seconds": "3600",
    "emr_release_label": "emr-7.8.0",
    "generate_sample_data": "true",
    # Optional tuning, not part of the MWAA contract; defaults suit the dev environment.
    "sample_data_scale": "0.01",
    "sample_data_seed": "42",
    "task_retries": "2",
    "task_retry_delay_seconds": "300",
}


class PlatformConfigError(ValueError):
    """A ``platform.*`` option has a value the DAGs cannot use."""


@dataclass(frozen=True)
class PlatformConfig:
    environment: str
    region: str
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
    emr_idle_timeout_seconds: int
    emr_release_label: str
    generate_sample_data: bool
    sample_data_scale: float
    sample_data_seed: int
    task_retries: int
    task_retry_delay_seconds: int

    @property
    def lake_root(self) -> str:
        return f"s3://{self.lake_bucket}"


def _parse_bool(key: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise PlatformConfigError(f"platform.{key} = {raw!r}: expected 'true' or 'false'")


def _parse_number(key: str, raw: str, kind: type[int] | type[float], minimum: float) -> int | float:
    try:
        value = kind(raw.strip())
    except ValueError:
        raise PlatformConfigError(f"platform.{key} = {raw!r}: expected a {kind.__name__}") from None
    if value < minimum:
        raise PlatformConfigError(f"platform.{key} = {raw!r}: must be at least {minimum}")
    return value


def parse_config(raw: dict[str, str]) -> PlatformConfig:
    """Builds the typed configuration from raw string options (missing keys take their default)."""
    values = {**DEFAULTS, **{k: v for k, v in raw.items() if v is not None}}
    for key, value in values.items():
        if not str(value).strip():
            raise PlatformConfigError(f"platform.{key} is empty; set it or remove it to use the default")
    subnet_ids = tuple(s.strip() for s in values["subnet_ids"].split(",") if s.strip())
    if not subnet_ids:
        raise PlatformConfigError("platform.subnet_ids has no subnet id; expected 'subnet-a,subnet-b'")
    log_uri = values["emr_log_uri"]
    if not log_uri.startswith("s3://"):
        raise PlatformConfigError(f"platform.emr_log_uri = {log_uri!r}: expected an s3:// URI")
    return PlatformConfig(
        environment=values["environment"],
        region=values["region"],
        lake_bucket=values["lake_bucket"],
        emr_service_role=values["emr_service_role"],
        emr_instance_profile=values["emr_instance_profile"],
        emr_security_configuration=values["emr_security_configuration"],
        emr_log_uri=log_uri,
        subnet_ids=subnet_ids,
        emr_primary_sg=values["emr_primary_sg"],
        emr_core_sg=values["emr_core_sg"],
        emr_service_sg=values["emr_service_sg"],
        alert_email=values["alert_email"],
        emr_idle_timeout_seconds=int(
            _parse_number("emr_idle_timeout_seconds", values["emr_idle_timeout_seconds"], int, 60)
        ),
        emr_release_label=values["emr_release_label"],
        generate_sample_data=_parse_bool("generate_sample_data", values["generate_sample_data"]),
        sample_data_scale=float(_parse_number("sample_data_scale", values["sample_data_scale"], float, 0)),
        sample_data_seed=int(_parse_number("sample_data_seed", values["sample_data_seed"], int, 0)),
        task_retries=int(_parse_number("task_retries", values["task_retries"], int, 0)),
        task_retry_delay_seconds=int(
            _parse_number("task_retry_delay_seconds", values["task_retry_delay_seconds"], int, 0)
        ),
    )


def load_config() -> PlatformConfig:
    """Reads the ``platform`` section from Airflow's configuration (MWAA options or env vars)."""
    return parse_config({key: conf.get(SECTION, key, fallback=None) for key in DEFAULTS})
