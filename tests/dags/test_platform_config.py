"""The platform section is parsed into typed settings, with defaults and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import platform_common.config as platform_config
from platform_common.config import OPTIONS, PlatformConfigError, load_config, parse_config

CONTRACT = json.loads((Path(__file__).resolve().parents[2] / "contracts/platform-options.json").read_text())


def test_the_dags_know_exactly_the_contract_keys_with_the_contract_types():
    assert CONTRACT["section"] == platform_config.SECTION
    assert {key: kind for key, (kind, _) in OPTIONS.items()} == {
        option["key"]: option["type"] for option in CONTRACT["options"]
    }


def test_load_config_reads_exactly_the_contract_keys(monkeypatch):
    asked: list[tuple[str, str]] = []

    def get(section, key, fallback=None):
        asked.append((section, key))
        return fallback

    monkeypatch.setattr(platform_config.conf, "get", get)
    load_config()
    assert sorted(asked) == sorted(("platform", option["key"]) for option in CONTRACT["options"])


def test_every_key_has_a_local_default():
    config = parse_config({})
    assert config.emr_release_label == "emr-7.8.0"
    assert config.generate_sample_data is True
    assert config.quarantine_rate_threshold_percent == 5
    assert (config.primary_fleet.on_demand, config.primary_fleet.spot) == (1, 0)
    assert (config.core_fleet.on_demand, config.core_fleet.spot) == (0, 2)


def test_reads_the_platform_section_from_airflow_configuration(monkeypatch):
    monkeypatch.setenv("AIRFLOW__PLATFORM__LAKE_BUCKET", "other-lake")
    monkeypatch.setenv("AIRFLOW__PLATFORM__SUBNET_IDS", " subnet-1 , subnet-2,")
    monkeypatch.setenv("AIRFLOW__PLATFORM__GENERATE_SAMPLE_DATA", "false")
    monkeypatch.setenv("AIRFLOW__PLATFORM__EMR_IDLE_TIMEOUT_SECONDS", "900")
    monkeypatch.setenv("AIRFLOW__PLATFORM__EMR_CORE_INSTANCE_TYPES", "m6i.xlarge,m5.xlarge")
    monkeypatch.setenv("AIRFLOW__PLATFORM__QUARANTINE_RATE_THRESHOLD_PERCENT", "2.5")
    config = load_config()
    assert config.lake_bucket == "other-lake"
    assert config.lake_root == "s3://other-lake"
    assert config.subnet_ids == ("subnet-1", "subnet-2")
    assert config.generate_sample_data is False
    assert config.emr_idle_timeout_seconds == 900
    assert config.core_fleet.instance_types == ("m6i.xlarge", "m5.xlarge")
    assert config.quarantine_rate_threshold_percent == 2.5
    assert config.alert_email == "alerts@test.invalid"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("generate_sample_data", "maybe", "expected 'true' or 'false'"),
        ("emr_idle_timeout_seconds", "soon", "expected an integer"),
        ("emr_idle_timeout_seconds", "10", "must be at least 60"),
        ("emr_core_spot_count", "-1", "must be at least 0"),
        ("quarantine_rate_threshold_percent", "120", "must be at most 100"),
        ("subnet_ids", ",", "expected a comma-separated list"),
        ("emr_log_uri", "/tmp/logs", "expected an s3:// URI"),
        ("lake_bucket", "  ", "platform.lake_bucket is empty"),
        ("emr_primary_on_demand_count", "2", "EMR runs 1 or 3 primary nodes"),
    ],
)
def test_rejects_unusable_values_naming_the_key(key, value, message):
    with pytest.raises(PlatformConfigError, match=message) as error:
        parse_config({key: value})
    assert f"platform.{key}" in str(error.value)


def test_rejects_keys_outside_the_contract():
    with pytest.raises(PlatformConfigError, match="unknown platform option.*task_retries"):
        parse_config({"task_retries": "2"})
