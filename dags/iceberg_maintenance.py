"""Iceberg table maintenance, weekly, on a transient EMR cluster: compaction (rewrite_data_files),
snapshot expiry (expire_snapshots) and orphan file removal of every staging and curated table.

begin_workflow >> create_emr_cluster >> check_cluster_ready >> submit_maintenance
>> check_maintenance >> terminate_emr_cluster >> end_workflow

The same cluster chain and cleanup rules as the daily pipeline (platform_common/transient_cluster.py):
teardown, failure callback, per-step timeout. Runs on Sunday at noon UTC, away from the daily ETL
(midnight), so their commits do not race.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG

from platform_common.config import load_config
from platform_common.defaults import default_args
from platform_common.emr import maintenance_step
from platform_common.run_guard import run_cluster_terminator
from platform_common.transient_cluster import run_timeout, transient_cluster_chain

DAG_ID = "iceberg_maintenance"
config = load_config()
STEP_TIMEOUT = timedelta(hours=3)

with DAG(
    dag_id=DAG_ID,
    description="Compacts the Iceberg tables and expires old snapshots on a transient EMR cluster",
    schedule="0 12 * * 0",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=run_timeout(STEP_TIMEOUT, 1),
    on_failure_callback=run_cluster_terminator(config),
    default_args=default_args(config),
    tags=["platform", "emr", "iceberg", config.environment],
) as dag:
    transient_cluster_chain(
        config,
        dag_id=DAG_ID,
        cluster_name=f"{config.project}-{config.environment}-maintenance-{{{{ ds }}}}",
        steps=[maintenance_step(config)],
        step_timeout=STEP_TIMEOUT,
        submit_task_id="submit_maintenance",
        check_task_id="check_maintenance",
    )
