"""The task chain every EMR DAG of the platform runs, so no DAG can forget a cleanup rule.

begin_workflow >> create_emr_cluster >> check_cluster_ready >> <submit> >> <check>
>> terminate_emr_cluster >> end_workflow

* ``create_emr_cluster`` retries once and adopts the cluster an earlier try of the run started.
* ``<check>`` is one ``RunStepSensor`` per submitted step, each held to the step timeout.
* ``terminate_emr_cluster`` is the teardown of ``create_emr_cluster``: it runs whatever happened
  upstream, also when the run is marked failed or success. A ``dagrun_timeout`` skips teardowns, so
  the DAG also needs ``on_failure_callback=run_cluster_terminator(config)`` (``run_timeout`` gives a
  ``dagrun_timeout`` longer than every task timeout together, so those fail first).
* ``end_workflow`` waits on the cleanup and on ``<check>``: a failed step still fails the run.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.operators.empty import EmptyOperator
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrTerminateJobFlowOperator
from airflow.providers.amazon.aws.sensors.emr import EmrJobFlowSensor
from airflow.utils.trigger_rule import TriggerRule

from platform_common.config import PlatformConfig
from platform_common.emr import emr_cluster_spec
from platform_common.run_guard import RunClusterCreateOperator, RunStepSensor

CLUSTER_ID = "{{ task_instance.xcom_pull(task_ids='create_emr_cluster') }}"
CLUSTER_START_TIMEOUT = timedelta(minutes=45)
# Sensors free their worker slot between pokes (reschedule), which matters on a small MWAA.
SENSOR_ARGS = {"mode": "reschedule", "poke_interval": 60}


def run_timeout(step_timeout: timedelta, steps: int, before: timedelta = timedelta(0)) -> timedelta:
    """A ``dagrun_timeout`` longer than every task timeout together (``before``: waits ahead of it)."""
    return before + CLUSTER_START_TIMEOUT + step_timeout * steps + timedelta(minutes=30)


def transient_cluster_chain(
    config: PlatformConfig,
    *,
    dag_id: str,
    cluster_name: str,
    steps: list[dict[str, Any]],
    step_timeout: timedelta,
    submit_task_id: str,
    check_task_id: str,
    quality_report: str | None = None,
) -> tuple[EmptyOperator, EmptyOperator]:
    """Builds the chain in the current DAG context; returns (begin_workflow, end_workflow)."""
    begin_workflow = EmptyOperator(task_id="begin_workflow")
    create_emr_cluster = RunClusterCreateOperator(
        task_id="create_emr_cluster",
        job_flow_overrides=emr_cluster_spec(config, name=cluster_name, dag_id=dag_id, run_id="{{ run_id }}"),
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
    submit = EmrAddStepsOperator(
        task_id=submit_task_id,
        job_flow_id=CLUSTER_ID,
        steps=steps,
        region_name=config.region,
        # AddJobFlowSteps is not idempotent: a retry would queue every step twice.
        retries=0,
    )
    # One sensor instance per submitted step, so any failed step fails the run.
    check = RunStepSensor.partial(
        task_id=check_task_id,
        job_flow_id=CLUSTER_ID,
        log_uri=config.emr_log_uri,
        step_timeout=step_timeout,
        quality_report=quality_report,
        # Each step is held to step_timeout by the sensor itself; a later step's sensor also waits for
        # the earlier ones, and execution_timeout bounds each poke.
        timeout=(step_timeout * len(steps)).total_seconds(),
        execution_timeout=step_timeout,
        retries=0,
        region_name=config.region,
        **SENSOR_ARGS,
    ).expand(step_id=submit.output)
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
        >> submit
        >> check
        >> terminate_emr_cluster
        >> end_workflow
    )
    check >> end_workflow
    return begin_workflow, end_workflow
