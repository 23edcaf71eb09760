"""Every DAG imports cleanly and has the tasks, dependencies and settings the platform documents."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from platform_common.defaults import notify_failure

DAGS_FOLDER = Path(__file__).resolve().parents[2] / "dags"
EMR_CHAIN = [
    "begin_workflow",
    "create_emr_cluster",
    "check_cluster_ready",
    "submit_spark_application",
    "check_submission_status",
    "terminate_emr_cluster",
    "end_workflow",
]


def task_arg(task, name: str):
    """An operator argument, for plain tasks and for mapped ones (whose arguments sit in partial_kwargs)."""
    partial = getattr(task, "partial_kwargs", None)
    return partial[name] if partial is not None else getattr(task, name)


def downstream_map(dag) -> dict[str, set[str]]:
    return {task.task_id: set(task.downstream_task_ids) for task in dag.tasks}


def test_dagbag_has_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"basic_dag", "emr_spark_pipeline", "iceberg_maintenance"}


def test_basic_dag_structure(dagbag):
    dag = dagbag.get_dag("basic_dag")
    assert downstream_map(dag) == {"start": {"addition_task"}, "addition_task": {"end"}, "end": set()}
    assert dag.schedule_interval == "@daily"
    assert dag.catchup is False


def test_emr_dag_structure(dagbag):
    dag = dagbag.get_dag("emr_spark_pipeline")
    expected = {task: {nxt} for task, nxt in zip(EMR_CHAIN, EMR_CHAIN[1:], strict=False)}
    expected["check_submission_status"] = {"terminate_emr_cluster", "end_workflow"}
    expected["create_emr_cluster"] = {"check_cluster_ready", "terminate_emr_cluster"}  # setup -> teardown
    expected["end_workflow"] = set()
    assert downstream_map(dag) == expected
    assert dag.schedule_interval == "@daily"
    assert dag.catchup is False
    assert dag.max_active_runs == 1


def test_emr_dag_cleans_up_and_still_fails(dagbag):
    dag = dagbag.get_dag("emr_spark_pipeline")
    terminate = dag.get_task("terminate_emr_cluster")
    # A teardown runs when its setup succeeded, whatever happened in between, and survives a run
    # being marked failed or success; a dagrun_timeout is covered by the DAG's failure callback.
    assert terminate.is_teardown
    assert dag.get_task("create_emr_cluster").is_setup
    assert terminate.trigger_rule == "all_done_setup_success"
    assert dag.on_failure_callback.__name__ == "terminate_run_clusters"
    end = dag.get_task("end_workflow")
    assert end.trigger_rule == "all_success"
    assert end.upstream_task_ids == {"terminate_emr_cluster", "check_submission_status"}


def test_emr_dag_never_repeats_what_is_not_idempotent(dagbag):
    dag = dagbag.get_dag("emr_spark_pipeline")
    assert dag.get_task("submit_spark_application").retries == 0
    assert task_arg(dag.get_task("check_submission_status"), "retries") == 0
    # create may retry: a retry adopts the run's cluster (test_emr_failure_paths).
    assert dag.get_task("create_emr_cluster").retries == 1


def test_emr_dag_times_out_after_every_task_timeout(dagbag):
    dag = dagbag.get_dag("emr_spark_pipeline")
    step_sensor = dag.get_task("check_submission_status")
    assert task_arg(step_sensor, "execution_timeout") == timedelta(minutes=120)
    assert task_arg(step_sensor, "step_timeout") == timedelta(minutes=120)
    assert dag.dagrun_timeout > timedelta(seconds=task_arg(step_sensor, "timeout"))


@pytest.mark.parametrize("task_id", ["check_cluster_ready", "check_submission_status"])
def test_emr_sensors_reschedule_with_timeouts(dagbag, task_id):
    task = dagbag.get_dag("emr_spark_pipeline").get_task(task_id)
    assert task_arg(task, "mode") == "reschedule"
    assert task_arg(task, "poke_interval") == 60
    assert 0 < task_arg(task, "timeout") <= timedelta(hours=4).total_seconds()


@pytest.mark.parametrize("dag_id", ["basic_dag", "emr_spark_pipeline"])
def test_alerting_and_retries(dagbag, dag_id):
    dag = dagbag.get_dag(dag_id)
    assert dag.default_args["email_on_failure"] is True
    assert dag.default_args["email_on_retry"] is True
    for task in dag.tasks:
        assert task_arg(task, "email") == ["alerts@test.invalid"], task.task_id
        assert task_arg(task, "on_failure_callback") is notify_failure


def test_safe_tasks_retry(dagbag):
    task = dagbag.get_dag("basic_dag").get_task("addition_task")
    assert task.retries == 2
    assert task.retry_delay == timedelta(minutes=5)


def test_dag_files_carry_no_ids():
    """Ids come from the platform section; a literal in a DAG would break other environments."""
    pattern = re.compile(r"subnet-[0-9a-z]|sg-[0-9a-z]|arn:aws|\b\d{12}\b|s3://[a-z0-9]")
    for path in DAGS_FOLDER.glob("*.py"):
        assert not pattern.search(path.read_text()), f"{path.name} hard-codes an id or bucket"


@pytest.mark.parametrize("dag_id", ["basic_dag", "emr_spark_pipeline"])
def test_dags_survive_serialization(dagbag, dag_id):
    """MWAA's scheduler and web server work from serialized DAGs, custom operator arguments included."""
    from airflow.serialization.serialized_objects import SerializedDAG

    dag = dagbag.get_dag(dag_id)
    restored = SerializedDAG.from_dict(SerializedDAG.to_dict(dag))
    assert sorted(restored.task_dict) == sorted(dag.task_dict)
    assert restored.dagrun_timeout == dag.dagrun_timeout
