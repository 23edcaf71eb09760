"""The EMR cluster and step specs built from the platform configuration."""

from __future__ import annotations

import pytest

from platform_common.config import parse_config
from platform_common.emr import emr_cluster_spec, spark_steps

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
        "--max-quarantine-percent",
        "2.5",
    ]


def test_sample_data_generation_is_optional():
    config = parse_config({"generate_sample_data": "false"})
    assert [step["Name"] for step in spark_steps(config)] == ["transform"]
