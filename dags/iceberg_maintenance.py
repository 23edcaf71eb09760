"""Iceberg table maintenance, weekly, on a transient EMR cluster: compaction (rewrite_data_files),
snapshot expiry (expire_snapshots) and orphan file removal of every staging and curated table.

begin_workflow >> create_emr_cluster >> check_cluster_ready >> submit_maintenance
>> check_maintenance >> terminate_emr_cluster >> end_workflow

Runs on Sunday at noon UTC, away from the daily ETL (midnight), so their commits do not race.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrJobFlowSensor, EmrStepSensor
from airflow.utils.trigger_rule import TriggerRule

from platform_common.config import load_config
from platform_common.defaults import default_args
from platform_common.emr import _spark_step, emr_cluster_spec

config = load_config()
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster') }}"
SENSOR_ARGS = {"mode": "reschedule", "poke_interval": 60, "region_name": config.region}

MAINTAIN_ARGS = [
    "maintain",
    "--lake-root",
    config.lake_root,
    "--staging-database",
    config.glue_staging_database,
    "--curated-database",
    config.glue_curated_database,
]

with DAG(
    dag_id="iceberg_maintenance",
    description="Compacts the Iceberg tables and expires old snapshots on a transient EMR cluster",
    schedule="0 12 * * 0",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=4),
    default_args=default_args(config),
    tags=["platform", "emr", "iceberg", config.environment],
) as dag:
    begin_workflow = EmptyOperator(task_id="begin_workflow")
    create_emr_cluster = EmrCreateJobFlowOperator(
        task_id="create_emr_cluster",
        job_flow_overrides=emr_cluster_spec(
            config,
            name=f"{config.project}-{config.environment}-maintenance-{{{{ ds }}}}",
            dag_id="iceberg_maintenance",
            run_id="{{ run_id }}",
        ),
        emr_conn_id=None,
        region_name=config.region,
    )
    check_cluster_ready = EmrJobFlowSensor(
        task_id="check_cluster_ready",
        job_flow_id=CLUSTER_ID,
        target_states=["WAITING"],
        failed_states=["TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"],
        timeout=timedelta(minutes=45).total_seconds(),
        retries=0,
        **SENSOR_ARGS,
    )
    submit_maintenance = EmrAddStepsOperator(
        task_id="submit_maintenance",
        job_flow_id=CLUSTER_ID,
        steps=[_spark_step(config, "iceberg-maintenance", MAINTAIN_ARGS)],
        region_name=config.region,
    )
    check_maintenance = EmrStepSensor(
        task_id="check_maintenance",
        job_flow_id=CLUSTER_ID,
        step_id="{{ task_instance.xcom_pull(task_ids='submit_maintenance')[0] }}",
        timeout=timedelta(hours=3).total_seconds(),
        retries=0,
        **SENSOR_ARGS,
    )
    # Runs whatever happened upstream: no cluster outlives the run.
    terminate_emr_cluster = EmrTerminateJobFlowOperator(
        task_id="terminate_emr_cluster",
        job_flow_id=CLUSTER_ID,
        trigger_rule=TriggerRule.ALL_DONE,
        region_name=config.region,
    )
    # ALL_SUCCESS over the cleanup and the step sensor: the run fails when either failed.
    end_workflow = EmptyOperator(task_id="end_workflow", trigger_rule=TriggerRule.ALL_SUCCESS)

    (
        begin_workflow
        >> create_emr_cluster
        >> check_cluster_ready
        >> submit_maintenance
        >> check_maintenance
        >> terminate_emr_cluster
        >> end_workflow
    )
    check_maintenance >> end_workflow
