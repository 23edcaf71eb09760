"""EMR pipeline DAG: a transient EMR cluster per run that executes the Spark ETL, then is removed.

begin_workflow >> create_emr_cluster >> check_cluster_ready >> submit_spark_application
>> check_submission_status >> terminate_emr_cluster >> end_workflow

``terminate_emr_cluster`` runs whatever happened upstream; ``end_workflow`` also waits on
``check_submission_status``, so a failed Spark step still fails the DAG run after the cleanup.
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
from platform_common.emr import emr_cluster_spec, spark_steps

config = load_config()
CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster') }}"
# Sensors free their worker slot between pokes (reschedule), which matters on a small MWAA.
SENSOR_ARGS = {"mode": "reschedule", "poke_interval": 60, "region_name": config.region}

with DAG(
    dag_id="emr_spark_pipeline",
    description="Runs the Spark ETL (raw -> staging -> curated) on a transient EMR cluster",
    schedule="@daily",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    default_args=default_args(config),
    tags=["platform", "emr", "spark", config.environment],
) as dag:
    begin_workflow = EmptyOperator(task_id="begin_workflow")

    create_emr_cluster = EmrCreateJobFlowOperator(
        task_id="create_emr_cluster",
        job_flow_overrides=emr_cluster_spec(config, name=f"spark-platform-{config.environment}-{{{{ ds }}}}"),
        emr_conn_id=None,
        region_name=config.region,
    )

    check_cluster_ready = EmrJobFlowSensor(
        task_id="check_cluster_ready",
        job_flow_id=CLUSTER_ID,
        target_states=["WAITING"],
        failed_states=["TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"],
        timeout=timedelta(minutes=45).total_seconds(),
        # A cluster that failed to start stays failed; retrying would only re-read its state.
        retries=0,
        **SENSOR_ARGS,
    )

    submit_spark_application = EmrAddStepsOperator(
        task_id="submit_spark_application",
        job_flow_id=CLUSTER_ID,
        steps=spark_steps(config),
        region_name=config.region,
    )

    # One sensor instance per submitted step (generate + transform), so any failed step fails the run.
    check_submission_status = EmrStepSensor.partial(
        task_id="check_submission_status",
        job_flow_id=CLUSTER_ID,
        timeout=timedelta(hours=4).total_seconds(),
        retries=0,
        **SENSOR_ARGS,
    ).expand(step_id=submit_spark_application.output)

    terminate_emr_cluster = EmrTerminateJobFlowOperator(
        task_id="terminate_emr_cluster",
        job_flow_id=CLUSTER_ID,
        trigger_rule=TriggerRule.ALL_DONE,
        region_name=config.region,
    )

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
