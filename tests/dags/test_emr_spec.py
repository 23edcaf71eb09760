"""The EMR cluster and step specs built from the platform configuration."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from platform_common.config import parse_config
from platform_common.emr import emr_cluster_spec, quality_report_uri, raw_batch_marker, spark_steps

CONFIG = parse_config(
    {
        "lake_bucket": "lake-x",
        "emr_log_uri": "s3://lake-x/logs/emr/",
        "subnet_ids": "subnet-a1,subnet-b2",
        "emr_service_role": "svc-role",
        "emr_instance_profile": "ec2-profile",
        "emr_security_configuration": "sec-conf",
        "emr_primary_sg": "sg-p",
        "emr_core_sg": "sg-c",
        "emr_service_sg": "sg-s",
        "emr_idle_timeout_seconds": "1200",
        "project": "proj",
        "owner": "team-a",
        "cost_center": "cc-1",
        "emr_core_instance_types": "m5.xlarge,m5a.xlarge",
        "emr_core_on_demand_count": "1",
        "emr_core_spot_count": "2",
        "quarantine_rate_threshold_percent": "2.5",
    }
)


@pytest.fixture
def spec():
    return emr_cluster_spec(CONFIG, name="cluster-name", dag_id="dag-a", run_id="{{ run_id }}")


def test_release_applications_and_logs(spec):
    assert spec["Name"] == "cluster-name"
    assert spec["ReleaseLabel"] == "emr-7.8.0"
    assert spec["Applications"] == [{"Name": "Hadoop"}, {"Name": "Spark"}]
    assert spec["LogUri"] == "s3://lake-x/logs/emr/"
    assert spec["SecurityConfiguration"] == "sec-conf"


def test_roles_network_and_security_groups_from_configuration(spec):
    assert spec["ServiceRole"] == "svc-role"
    assert spec["JobFlowRole"] == "ec2-profile"
    instances = spec["Instances"]
    assert instances["Ec2SubnetIds"] == ["subnet-a1", "subnet-b2"]
    assert "Ec2SubnetId" not in instances
    assert instances["EmrManagedMasterSecurityGroup"] == "sg-p"
    assert instances["EmrManagedSlaveSecurityGroup"] == "sg-c"
    assert instances["ServiceAccessSecurityGroup"] == "sg-s"
    assert instances["KeepJobFlowAliveWhenNoSteps"] is True
    assert instances["TerminationProtected"] is False
    assert "Steps" not in spec  # added by submit_spark_application


def test_fleets_follow_the_cluster_shape_with_spot_falling_back_to_on_demand(spec):
    fleets = {f["InstanceFleetType"]: f for f in spec["Instances"]["InstanceFleets"]}
    assert set(fleets) == {"MASTER", "CORE"}
    primary, core = fleets["MASTER"], fleets["CORE"]
    assert (primary["TargetOnDemandCapacity"], primary["TargetSpotCapacity"]) == (1, 0)
    assert "SpotSpecification" not in primary["LaunchSpecifications"]
    assert [c["InstanceType"] for c in primary["InstanceTypeConfigs"]] == [
        "m5.xlarge",
        "m5a.xlarge",
        "m6i.xlarge",
    ]
    assert (core["TargetOnDemandCapacity"], core["TargetSpotCapacity"]) == (1, 2)
    assert core["InstanceTypeConfigs"] == [
        {"InstanceType": "m5.xlarge", "WeightedCapacity": 1},
        {"InstanceType": "m5a.xlarge", "WeightedCapacity": 1},
    ]
    spot = core["LaunchSpecifications"]["SpotSpecification"]
    assert spot["TimeoutAction"] == "SWITCH_TO_ON_DEMAND"
    assert spot["AllocationStrategy"] == "price-capacity-optimized"
    assert spot["TimeoutDurationMinutes"] >= 5
    assert "InstanceGroups" not in spec["Instances"]


def test_clusters_carry_the_run_and_cost_allocation_tags(spec):
    # policies/mwaa-execution.json: RunJobFlow needs aws:RequestTag/platform-environment = environment.
    assert {t["Key"]: t["Value"] for t in spec["Tags"]} == {
        "platform-environment": "local",
        "platform-dag-id": "dag-a",
        "platform-run-id": "{{ run_id }}",
        "project": "proj",
        "environment": "local",
        "owner": "team-a",
        "cost-center": "cc-1",
    }


def test_idle_clusters_terminate_themselves(spec):
    assert spec["AutoTerminationPolicy"] == {"IdleTimeout": 1200}


def test_spark_uses_python_3_11(spec):
    by_class = {c["Classification"]: c for c in spec["Configurations"]}
    export = by_class["spark-env"]["Configurations"]
    assert export[0]["Classification"] == "export"
    assert export[0]["Properties"]["PYSPARK_PYTHON"] == "/usr/bin/python3.11"
    defaults = by_class["spark-defaults"]["Properties"]
    assert defaults["spark.pyspark.python"] == "/usr/bin/python3.11"
    assert defaults["spark.yarn.maxAppAttempts"] == "1"  # a failed driver is not run a second time
    # Iceberg 1.7.1 vectorized reads crash Spark 3.5.4 (EMR 7.8.0): the row reader on the cluster too
    assert defaults["spark.sql.iceberg.vectorization.enabled"] == "false"


def test_every_node_installs_python_3_11_before_spark_starts(spec):
    assert spec["BootstrapActions"] == [
        {
            "Name": "install-python-3.11",
            "ScriptBootstrapAction": {"Path": "s3://lake-x/etl/bootstrap/install-python.sh", "Args": []},
        }
    ]


def test_steps_follow_the_etl_contract():
    generate, transform = spark_steps(CONFIG)
    for step in (generate, transform):
        assert step["ActionOnFailure"] == "CANCEL_AND_WAIT"  # a failed generate cancels transform
        assert step["HadoopJarStep"]["Jar"] == "command-runner.jar"
        assert step["HadoopJarStep"]["Args"][:6] == [
            "spark-submit",
            "--deploy-mode",
            "cluster",
            "--py-files",
            "s3://lake-x/etl/etl.zip",
            "s3://lake-x/etl/main.py",
        ]
    assert generate["HadoopJarStep"]["Args"][6:] == [
        "generate",
        "--lake-root",
        "s3://lake-x",
        "--run-date",
        "{{ ds }}",
        "--scale",
        "0.01",
        "--seed",
        "42",
    ]
    assert transform["HadoopJarStep"]["Args"][6:] == [
        "transform",
        "--lake-root",
        "s3://lake-x",
        "--run-date",
        "{{ ds }}",
        "--staging-database",
        "staging",
        "--curated-database",
        "curated",
        "--max-quarantine-percent",
        "2.5",
    ]


def test_sample_data_generation_is_optional():
    config = parse_config({"generate_sample_data": "false"})
    assert [step["Name"] for step in spark_steps(config)] == ["transform"]


REPO_ROOT = Path(__file__).resolve().parents[2]


def _etl_lake_module():
    """etl/spark_platform_etl/lake.py, loaded alone (it needs no Spark) to compare paths with the DAG."""
    spec = importlib.util.spec_from_file_location("etl_lake", REPO_ROOT / "etl/spark_platform_etl/lake.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_dag_waits_for_the_marker_of_the_landing_contract():
    contract = json.loads((REPO_ROOT / "contracts/landing.json").read_text())
    assert raw_batch_marker("2026-12-01") == contract["marker"].format(date="2026-12-01")
    lake = _etl_lake_module()
    assert list(lake.DATASETS) == contract["datasets"]
    assert lake.Lake("s3://b").raw("sales", "2026-12-01") + "/" == "s3://b/" + contract[
        "dataset_prefix"
    ].format(dataset="sales", date="2026-12-01")


def test_the_alert_reads_the_quality_report_where_the_etl_writes_it():
    lake = _etl_lake_module()
    assert quality_report_uri(CONFIG, "2026-12-01") == lake.Lake("s3://lake-x").report("2026-12-01")


def test_every_etl_file_the_cluster_references_is_in_the_package(spec, tmp_path):
    """What package-etl.sh builds is what the deploy workflow syncs to s3://<lake>/etl/."""
    subprocess.run(["bash", "scripts/package-etl.sh"], cwd=REPO_ROOT, check=True, capture_output=True)
    referenced = {spec["BootstrapActions"][0]["ScriptBootstrapAction"]["Path"]}
    for step in spark_steps(CONFIG):
        referenced.update(arg for arg in step["HadoopJarStep"]["Args"] if arg.startswith("s3://lake-x/etl/"))
    packaged = {
        "s3://lake-x/etl/" + str(path.relative_to(REPO_ROOT / "build/etl"))
        for path in (REPO_ROOT / "build/etl").rglob("*")
        if path.is_file()
    }
    assert referenced == {
        "s3://lake-x/etl/bootstrap/install-python.sh",
        "s3://lake-x/etl/etl.zip",
        "s3://lake-x/etl/main.py",
    }
    assert referenced <= packaged


def test_the_bootstrap_action_leaves_a_node_with_python_3_11_alone(tmp_path):
    """Idempotent: where /usr/bin/python3.11 already works it neither installs nor needs sudo."""
    if not Path("/usr/bin/python3.11").exists():
        pytest.skip("this machine has no /usr/bin/python3.11 to stand in for a bootstrapped node")
    (tmp_path / "sudo").write_text("#!/bin/sh\necho sudo must not run >&2\nexit 1\n")
    (tmp_path / "sudo").chmod(0o755)
    result = subprocess.run(
        ["bash", str(REPO_ROOT / "etl/bootstrap/install-python.sh")],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "already present" in result.stdout
