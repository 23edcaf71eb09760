"""EMR pipeline DAG: a transient EMR cluster per run that executes the Spark ETL, then is removed.

[wait_for_raw_data] >> begin_workflow >> create_emr_cluster >> check_cluster_ready
>> submit_spark_application >> check_submission_status >> terminate_emr_cluster >> end_workflow

``wait_for_raw_data`` exists where raw data is landed (``generate_sample_data = false``). The
cluster chain and its cleanup rules are platform_common/transient_cluster.py: the teardown
``terminate_emr_cluster`` runs whatever happened upstream; a ``dagrun_timeout`` skips it, so the DAG's
failure callback terminates every cluster tagged with the run's id; a failed Spark step still fails
the run after the cleanup.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG

from platform_common.config import load_config
from platform_common.defaults import default_args
from platform_common.emr import quality_report_uri, raw_batch_marker, spark_steps
from platform_common.run_guard import RawBatchSensor, run_cluster_terminator
from platform_common.transient_cluster import run_timeout, transient_cluster_chain

DAG_ID = "emr_spark_pipeline"
config = load_config()
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
    dagrun_timeout=run_timeout(STEP_TIMEOUT, len(STEPS), before=ARRIVAL_TIMEOUT),
    on_failure_callback=run_cluster_terminator(config),
    default_args=default_args(config),
    tags=["platform", "emr", "spark", config.environment],
) as dag:
    begin_workflow, _ = transient_cluster_chain(
        config,
        dag_id=DAG_ID,
        cluster_name=f"{config.project}-{config.environment}-{{{{ ds }}}}",
        steps=STEPS,
        step_timeout=STEP_TIMEOUT,
        submit_task_id="submit_spark_application",
        check_task_id="check_submission_status",
        quality_report=quality_report_uri(config, "{{ ds }}"),
    )

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
