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
        "sample_data_scale": "0.5",
        "sample_data_seed": "7",
    }
)


@pytest.fixture
def spec():
    return emr_cluster_spec(CONFIG, name="cluster-name")


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


def test_spot_fleets_fall_back_to_on_demand(spec):
    fleets = {f["InstanceFleetType"]: f for f in spec["Instances"]["InstanceFleets"]}
    assert set(fleets) == {"MASTER", "CORE"}
    assert fleets["MASTER"]["TargetSpotCapacity"] == 1
    assert fleets["CORE"]["TargetSpotCapacity"] == 2
    for fleet in fleets.values():
        assert fleet["TargetOnDemandCapacity"] == 0
        assert fleet["InstanceTypeConfigs"] == [{"InstanceType": "m5.xlarge", "WeightedCapacity": 1}]
        spot = fleet["LaunchSpecifications"]["SpotSpecification"]
        assert spot["TimeoutAction"] == "SWITCH_TO_ON_DEMAND"
        assert spot["AllocationStrategy"] == "price-capacity-optimized"
        assert spot["TimeoutDurationMinutes"] >= 5
    assert "InstanceGroups" not in spec["Instances"]


def test_clusters_carry_the_tag_the_mwaa_role_is_scoped_to(spec):
    # policies/mwaa-execution.json: RunJobFlow needs aws:RequestTag/platform-environment = environment.
    assert {"Key": "platform-environment", "Value": "local"} in spec["Tags"]


def test_idle_clusters_terminate_themselves(spec):
    assert spec["AutoTerminationPolicy"] == {"IdleTimeout": 1200}


def test_spark_uses_python_3_11(spec):
    by_class = {c["Classification"]: c for c in spec["Configurations"]}
    export = by_class["spark-env"]["Configurations"]
    assert export[0]["Classification"] == "export"
    assert export[0]["Properties"]["PYSPARK_PYTHON"] == "/usr/bin/python3.11"
    assert by_class["spark-defaults"]["Properties"]["spark.pyspark.python"] == "/usr/bin/python3.11"


def test_steps_follow_the_etl_contract():
    generate, transform = spark_steps(CONFIG)
    for step in (generate, transform):
        assert step["ActionOnFailure"] == "CONTINUE"
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
        "0.5",
        "--seed",
        "7",
    ]
    assert transform["HadoopJarStep"]["Args"][6:] == [
        "transform",
        "--lake-root",
        "s3://lake-x",
        "--run-date",
        "{{ ds }}",
    ]


def test_sample_data_generation_is_optional():
    config = parse_config({"generate_sample_data": "false"})
    assert [step["Name"] for step in spark_steps(config)] == ["transform"]
