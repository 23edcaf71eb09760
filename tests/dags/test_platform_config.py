"""The platform section is parsed into typed settings, with defaults and clear errors."""

from __future__ import annotations

import pytest

from platform_common.config import DEFAULTS, PlatformConfigError, load_config, parse_config

CONTRACT_KEYS = {
    "environment",
    "region",
    "lake_bucket",
    "emr_service_role",
    "emr_instance_profile",
    "emr_security_configuration",
    "emr_log_uri",
    "subnet_ids",
    "emr_primary_sg",
    "emr_core_sg",
    "emr_service_sg",
    "alert_email",
    "emr_idle_timeout_seconds",
    "emr_release_label",
    "generate_sample_data",
}


def test_every_contract_key_has_a_local_default():
    assert CONTRACT_KEYS <= DEFAULTS.keys()
    config = parse_config({})
    assert config.emr_release_label == "emr-7.8.0"
    assert config.generate_sample_data is True


def test_reads_the_platform_section_from_airflow_configuration(monkeypatch):
    monkeypatch.setenv("AIRFLOW__PLATFORM__LAKE_BUCKET", "other-lake")
    monkeypatch.setenv("AIRFLOW__PLATFORM__SUBNET_IDS", " subnet-1 , subnet-2,")
    monkeypatch.setenv("AIRFLOW__PLATFORM__GENERATE_SAMPLE_DATA", "false")
    monkeypatch.setenv("AIRFLOW__PLATFORM__EMR_IDLE_TIMEOUT_SECONDS", "900")
    config = load_config()
    assert config.lake_bucket == "other-lake"
    assert config.lake_root == "s3://other-lake"
    assert config.subnet_ids == ("subnet-1", "subnet-2")
    assert config.generate_sample_data is False
    assert config.emr_idle_timeout_seconds == 900
    assert config.alert_email == "alerts@test.invalid"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("generate_sample_data", "maybe", "expected 'true' or 'false'"),
        ("emr_idle_timeout_seconds", "soon", "expected a int"),
        ("emr_idle_timeout_seconds", "10", "must be at least 60"),
        ("subnet_ids", ",", "no subnet id"),
        ("emr_log_uri", "/tmp/logs", "expected an s3:// URI"),
        ("lake_bucket", "  ", "platform.lake_bucket is empty"),
    ],
)
def test_rejects_unusable_values_naming_the_key(key, value, message):
    with pytest.raises(PlatformConfigError, match=message) as error:
        parse_config({key: value})
    assert f"platform.{key}" in str(error.value)
