"""EMR cluster and step specifications for the Spark pipeline, as pure functions of the configuration.

The returned dicts are the boto3 ``RunJobFlow`` request and ``AddJobFlowSteps`` step list; they may
hold Jinja templates (``{{ ds }}``, ``{{ run_id }}``) that the EMR operators render at run time.
"""

from __future__ import annotations

from typing import Any

from platform_common.config import Fleet, PlatformConfig

# EMR 7.x's python3 is 3.9; the ETL needs 3.11, which etl/bootstrap/install-python.sh installs from
# Amazon Linux 2023's own repositories on every node before Spark starts.
PYSPARK_PYTHON = "/usr/bin/python3.11"
BOOTSTRAP_SCRIPT = "bootstrap/install-python.sh"
# How long EMR waits for Spot capacity before it provisions the fleet On-Demand instead.
SPOT_TIMEOUT_MINUTES = 10
# Size and seed of the synthetic batch dev generates (1.0 = about 5 million records).
SAMPLE_DATA_SCALE = "0.01"
SAMPLE_DATA_SEED = "42"
RAW_BATCH_MARKER = "raw/_batches/ingest_date={run_date}/_SUCCESS"


def etl_root(config: PlatformConfig) -> str:
    """Where scripts/package-etl.sh uploads etl.zip, main.py and the bootstrap script."""
    return f"{config.lake_root}/etl"


def raw_batch_marker(run_date: str) -> str:
    """Key of the marker that says the day's raw batch is complete (written last by the landing CLI)."""
    return RAW_BATCH_MARKER.format(run_date=run_date)


def quality_report_uri(config: PlatformConfig, run_date: str) -> str:
    """The transform's quality report (etl/spark_platform_etl/lake.py ``Lake.report``)."""
    return f"{config.lake_root}/curated/_quality_reports/run_date={run_date}/report.json"


def step_log_prefix(log_uri: str, cluster_id: str, step_id: str) -> str:
    """Where EMR ships a step's stdout/stderr (about every five minutes, and when the step ends)."""
    return f"{log_uri.rstrip('/')}/{cluster_id}/steps/{step_id}/"


def cluster_tags(config: PlatformConfig, *, dag_id: str, run_id: str) -> dict[str, str]:
    """The tags every cluster carries: the run it belongs to (cleanup) and cost allocation."""
    return {
        "platform-environment": config.environment,
        "platform-dag-id": dag_id,
        "platform-run-id": run_id,
        "project": config.project,
        "environment": config.environment,
        "owner": config.owner,
        "cost-center": config.cost_center,
    }


def _fleet(name: str, fleet_type: str, fleet: Fleet) -> dict[str, Any]:
    launch: dict[str, Any] = {"OnDemandSpecification": {"AllocationStrategy": "lowest-price"}}
    if fleet.spot:
        launch["SpotSpecification"] = {
            "TimeoutDurationMinutes": SPOT_TIMEOUT_MINUTES,
            "TimeoutAction": "SWITCH_TO_ON_DEMAND",
            "AllocationStrategy": "price-capacity-optimized",
        }
    return {
        "Name": name,
        "InstanceFleetType": fleet_type,
        "TargetOnDemandCapacity": fleet.on_demand,
        "TargetSpotCapacity": fleet.spot,
        "InstanceTypeConfigs": [{"InstanceType": t, "WeightedCapacity": 1} for t in fleet.instance_types],
        "LaunchSpecifications": launch,
    }


def iceberg_classification() -> dict[str, Any]:
    """EMR's own Iceberg runtime (1.7.1 on EMR 7.8.0) on Spark's classpath: the jobs write Iceberg."""
    return {"Classification": "iceberg-defaults", "Properties": {"iceberg.enabled": "true"}}


def emr_cluster_spec(config: PlatformConfig, *, name: str, dag_id: str, run_id: str) -> dict[str, Any]:
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
        "BootstrapActions": [
            {
                "Name": "install-python-3.11",
                "ScriptBootstrapAction": {"Path": f"{etl_root(config)}/{BOOTSTRAP_SCRIPT}", "Args": []},
            }
        ],
        "Instances": {
            "InstanceFleets": [
                _fleet("primary", "MASTER", config.primary_fleet),
                _fleet("core", "CORE", config.core_fleet),
            ],
            # Instance fleets let EMR pick whichever private subnet has capacity.
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
                    # A failed driver fails the step once; YARN would otherwise run the job again.
                    "spark.yarn.maxAppAttempts": "1",
                    # Iceberg 1.7.1's vectorized reader on Spark 3.5.4 (EMR 7.8.0's pair) crashes the
                    # JVM once a file spans more than one Arrow batch: Spark frees vectors Iceberg
                    # reuses (SPARK-50235; Iceberg adapts in 1.8.0, apache/iceberg#11802). Reproduced
                    # locally at 1M records (docs/lakehouse.md, "Speed"); whether EMR's -amzn builds
                    # carry the fix is not documented, so the row reader is used until a release
                    # with Iceberg >= 1.8.
                    "spark.sql.iceberg.vectorization.enabled": "false",
                },
            },
            iceberg_classification(),
        ],
        # The MWAA execution role may only start and manage clusters carrying platform-environment.
        "Tags": [
            {"Key": key, "Value": value}
            for key, value in cluster_tags(config, dag_id=dag_id, run_id=run_id).items()
        ],
    }


def _spark_step(config: PlatformConfig, name: str, args: list[str]) -> dict[str, Any]:
    etl = etl_root(config)
    return {
        "Name": name,
        # A failed step cancels the steps after it (a failed generate never feeds transform); the
        # cluster stays up so the DAG sees the failure, and terminate_emr_cluster removes it.
        "ActionOnFailure": "CANCEL_AND_WAIT",
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
    common = ["--lake-root", config.lake_root, "--run-date", run_date]
    steps = []
    if config.generate_sample_data:
        steps.append(
            _spark_step(
                config,
                "generate-sample-data",
                ["generate", *common, "--scale", SAMPLE_DATA_SCALE, "--seed", SAMPLE_DATA_SEED],
            )
        )
    gate = ["--max-quarantine-percent", f"{config.quarantine_rate_threshold_percent:g}"]
    steps.append(_spark_step(config, "transform", ["transform", *common, *_databases(config), *gate]))
    return steps


def maintenance_step(config: PlatformConfig) -> dict[str, Any]:
    """The weekly Iceberg maintenance of every staging and curated table."""
    return _spark_step(
        config, "iceberg-maintenance", ["maintain", "--lake-root", config.lake_root, *_databases(config)]
    )


def _databases(config: PlatformConfig) -> list[str]:
    """The Glue databases of the Iceberg tables, as the jobs take them."""
    return [
        "--staging-database",
        config.glue_staging_database,
        "--curated-database",
        config.glue_curated_database,
    ]
