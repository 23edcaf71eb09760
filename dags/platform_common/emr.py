"""EMR cluster and step specifications for the Spark pipeline, as pure functions of the configuration.

The returned dicts are the boto3 ``RunJobFlow`` request and ``AddJobFlowSteps`` step list; they may
hold Jinja templates (``{{ ds }}``) that the EMR operators render at run time.
"""

from __future__ import annotations

from typing import Any

from platform_common.config import PlatformConfig

INSTANCE_TYPE = "m5.xlarge"
PRIMARY_NODES = 1
CORE_NODES = 2
# EMR 7.8.0's default python3 is 3.9; the ETL code targets 3.11 (Amazon Linux 2023's python3.11).
PYSPARK_PYTHON = "/usr/bin/python3.11"
# How long EMR waits for spot capacity before it provisions the fleet on demand instead.
SPOT_TIMEOUT_MINUTES = 10


def _fleet(name: str, fleet_type: str, capacity: int) -> dict[str, Any]:
    return {
        "Name": name,
        "InstanceFleetType": fleet_type,
        "TargetSpotCapacity": capacity,
        "TargetOnDemandCapacity": 0,
        "InstanceTypeConfigs": [{"InstanceType": INSTANCE_TYPE, "WeightedCapacity": 1}],
        "LaunchSpecifications": {
            "SpotSpecification": {
                "TimeoutDurationMinutes": SPOT_TIMEOUT_MINUTES,
                "TimeoutAction": "SWITCH_TO_ON_DEMAND",
                "AllocationStrategy": "price-capacity-optimized",
            },
            "OnDemandSpecification": {"AllocationStrategy": "lowest-price"},
        },
    }


def iceberg_classification() -> dict[str, Any]:
    """EMR's own Iceberg runtime (1.7.1 on EMR 7.8.0) on Spark's classpath: the jobs write Iceberg."""
    return {"Classification": "iceberg-defaults", "Properties": {"iceberg.enabled": "true"}}


def emr_cluster_spec(config: PlatformConfig, *, name: str) -> dict[str, Any]:
    """The RunJobFlow request for a transient Spark cluster (steps are added by the DAG afterwards)."""
    return {
        "Name": name,
        "ReleaseLabel": config.emr_release_label,
        "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}],
        "LogUri": config.emr_log_uri,
        "ServiceRole": config.emr_service_role,
        "JobFlowRole": config.emr_instance_profile,
        "SecurityConfiguration": config.emr_security_configuration,
        "VisibleToAllUsers": True,
        # Backstop for a cluster the DAG could not terminate (scheduler outage, killed task).
        "AutoTerminationPolicy": {"IdleTimeout": config.emr_idle_timeout_seconds},
        "Instances": {
            "InstanceFleets": [
                _fleet("primary", "MASTER", PRIMARY_NODES),
                _fleet("core", "CORE", CORE_NODES),
            ],
            # Instance fleets let EMR pick whichever private subnet has spot capacity.
            "Ec2SubnetIds": list(config.subnet_ids),
            "EmrManagedMasterSecurityGroup": config.emr_primary_sg,
            "EmrManagedSlaveSecurityGroup": config.emr_core_sg,
            "ServiceAccessSecurityGroup": config.emr_service_sg,
            "KeepJobFlowAliveWhenNoSteps": True,
            "TerminationProtected": False,
        },
        "Configurations": [
            {
                "Classification": "spark-env",
                "Properties": {},
                "Configurations": [
                    {
                        "Classification": "export",
                        "Properties": {
                            "PYSPARK_PYTHON": PYSPARK_PYTHON,
                            "PYSPARK_DRIVER_PYTHON": PYSPARK_PYTHON,
                        },
                    }
                ],
            },
            {
                "Classification": "spark-defaults",
                "Properties": {
                    "spark.pyspark.python": PYSPARK_PYTHON,
                    "spark.pyspark.driver.python": PYSPARK_PYTHON,
                },
            },
            iceberg_classification(),
        ],
        # The MWAA execution role may only start and manage clusters carrying this tag.
        "Tags": [
            {"Key": "platform-environment", "Value": config.environment},
            {"Key": "managed-by", "Value": "airflow"},
        ],
    }


def _spark_step(config: PlatformConfig, name: str, args: list[str]) -> dict[str, Any]:
    etl = f"{config.lake_root}/etl"
    return {
        "Name": name,
        # CONTINUE keeps the cluster up after a failed step so the DAG sees the failure and its
        # terminate task (which runs whatever happened) removes the cluster.
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": [
                "spark-submit",
                "--deploy-mode",
                "cluster",
                "--py-files",
                f"{etl}/etl.zip",
                f"{etl}/main.py",
                *args,
            ],
        },
    }


def spark_steps(config: PlatformConfig, *, run_date: str = "{{ ds }}") -> list[dict[str, Any]]:
    """The ETL steps for one run: optional synthetic raw data, then raw -> staging -> curated."""
    steps = []
    if config.generate_sample_data:
        steps.append(
            _spark_step(
                config,
                "generate-sample-data",
                [
                    "generate",
                    "--lake-root",
                    config.lake_root,
                    "--run-date",
                    run_date,
                    "--scale",
                    str(config.sample_data_scale),
                    "--seed",
                    str(config.sample_data_seed),
                ],
            )
        )
    steps.append(
        _spark_step(
            config, "transform", ["transform", "--lake-root", config.lake_root, "--run-date", run_date]
        )
    )
    return steps
