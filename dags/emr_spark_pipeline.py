"""EMR pipeline DAG: a transient EMR cluster per run that executes the Spark ETL, then is removed.

[wait_for_raw_data] >> begin_workflow >> create_emr_cluster >> check_cluster_ready
>> submit_spark_application >> check_submission_status >> terminate_emr_cluster >> end_workflow

``wait_for_raw_data`` exists where raw data is landed (``generate_sample_data = false``).
``terminate_emr_cluster`` is the teardown of ``create_emr_cluster``: it runs whatever happened
upstream, also when the run is marked failed or success. A ``dagrun_timeout`` skips it, so the DAG's
failure callback terminates every cluster tagged with the run's id. ``end_workflow`` also waits on
``check_submission_status``, so a failed Spark step still fails the DAG run after the cleanup.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrTerminateJobFlowOperator
from airflow.providers.amazon.aws.sensors.emr import EmrJobFlowSensor
from airflow.utils.trigger_rule import TriggerRule

from platform_common.config import load_config
from platform_common.defaults import default_args
from platform_common.emr import emr_cluster_spec, quality_report_uri, raw_batch_marker, spark_steps
from platform_common.run_guard import (
    RawBatchSensor,
    RunClusterCreateOperator,
    RunStepSensor,
    run_cluster_terminator,
)

DAG_ID = "emr_spark_pipeline"
config = load_config()
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster') }}"
# Sensors free their worker slot between pokes (reschedule), which matters on a small MWAA.
SENSOR_ARGS = {"mode": "reschedule", "poke_interval": 60}
CLUSTER_START_TIMEOUT = timedelta(minutes=45)
STEP_TIMEOUT = timedelta(minutes=config.emr_step_timeout_minutes)
ARRIVAL_TIMEOUT = timedelta(minutes=0 if config.generate_sample_data else config.raw_arrival_timeout_minutes)
STEPS = spark_steps(config)

with DAG(
    dag_id=DAG_ID,
    description="Runs the Spark ETL (raw -> staging -> curated) on a transient EMR cluster",
    schedule="@daily",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    # Longer than every task timeout together, so those fail first with a precise alert.
    dagrun_timeout=ARRIVAL_TIMEOUT
    + CLUSTER_START_TIMEOUT
    + STEP_TIMEOUT * len(STEPS)
    + timedelta(minutes=30),
    on_failure_callback=run_cluster_terminator(config),
    default_args=default_args(config),
    tags=["platform", "emr", "spark", config.environment],
) as dag:
    begin_workflow = EmptyOperator(task_id="begin_workflow")

    if not config.generate_sample_data:
        wait_for_raw_data = RawBatchSensor(
            task_id="wait_for_raw_data",
            bucket_name=config.lake_bucket,
            bucket_key=raw_batch_marker("{{ ds }}"),
            timeout=ARRIVAL_TIMEOUT.total_seconds(),
            mode="reschedule",
            poke_interval=300,
            region_name=config.region,
        )
        wait_for_raw_data >> begin_workflow

    create_emr_cluster = RunClusterCreateOperator(
        task_id="create_emr_cluster",
        job_flow_overrides=emr_cluster_spec(
            config,
            name=f"{config.project}-{config.environment}-{{{{ ds }}}}",
            dag_id=DAG_ID,
            run_id="{{ run_id }}",
        ),
        emr_conn_id=None,
        region_name=config.region,
        # Safe to retry: a retry adopts the cluster the failed try started (platform-run-id tag).
        retries=1,
        retry_delay=timedelta(seconds=30),
    )

    check_cluster_ready = EmrJobFlowSensor(
        task_id="check_cluster_ready",
        job_flow_id=CLUSTER_ID,
        target_states=["WAITING"],
        failed_states=["TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"],
        timeout=CLUSTER_START_TIMEOUT.total_seconds(),
        # A cluster that failed to start stays failed; retrying would only re-read its state.
        retries=0,
        region_name=config.region,
        **SENSOR_ARGS,
    )

    submit_spark_application = EmrAddStepsOperator(
        task_id="submit_spark_application",
        job_flow_id=CLUSTER_ID,
        steps=STEPS,
        region_name=config.region,
        # AddJobFlowSteps is not idempotent: a retry would queue every step twice.
        retries=0,
    )

    # One sensor instance per submitted step (generate + transform), so any failed step fails the run.
    check_submission_status = RunStepSensor.partial(
        task_id="check_submission_status",
        job_flow_id=CLUSTER_ID,
        log_uri=config.emr_log_uri,
        step_timeout=STEP_TIMEOUT,
        quality_report=quality_report_uri(config, "{{ ds }}"),
        # Each step is held to STEP_TIMEOUT by the sensor itself; a later step's sensor also waits for
        # the earlier ones, and execution_timeout bounds each poke.
        timeout=(STEP_TIMEOUT * len(STEPS)).total_seconds(),
        execution_timeout=STEP_TIMEOUT,
        retries=0,
        region_name=config.region,
        **SENSOR_ARGS,
    ).expand(step_id=submit_spark_application.output)

    terminate_emr_cluster = EmrTerminateJobFlowOperator(
        task_id="terminate_emr_cluster",
        job_flow_id=CLUSTER_ID,
        region_name=config.region,
        retries=3,
        retry_delay=timedelta(seconds=30),
    ).as_teardown(setups=create_emr_cluster)

    # ALL_SUCCESS over both the cleanup and the step sensor: the run fails when either failed.
    end_workflow = EmptyOperator(task_id="end_workflow", trigger_rule=TriggerRule.ALL_SUCCESS)

    (
        begin_workflow
        >> create_emr_cluster
        >> check_cluster_ready
        >> submit_spark_application
        >> check_submission_status
        >> terminate_emr_cluster
        >> end_workflow
    )
    check_submission_status >> end_workflow
