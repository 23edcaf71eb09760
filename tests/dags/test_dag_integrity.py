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
    expected["end_workflow"] = set()
    assert downstream_map(dag) == expected
    assert dag.schedule_interval == "@daily"
    assert dag.catchup is False
    assert dag.max_active_runs == 1


def test_emr_dag_cleans_up_and_still_fails(dagbag):
    dag = dagbag.get_dag("emr_spark_pipeline")
    assert dag.get_task("terminate_emr_cluster").trigger_rule == "all_done"
    end = dag.get_task("end_workflow")
    assert end.trigger_rule == "all_success"
    assert end.upstream_task_ids == {"terminate_emr_cluster", "check_submission_status"}


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


def test_retry_delay_comes_from_configuration(dagbag):
    task = dagbag.get_dag("basic_dag").get_task("addition_task")
    assert task.retries == 2
    assert task.retry_delay == timedelta(seconds=1)  # AIRFLOW__PLATFORM__TASK_RETRY_DELAY_SECONDS


def test_dag_files_carry_no_ids():
    """Ids come from the platform section; a literal in a DAG would break other environments."""
    pattern = re.compile(r"subnet-[0-9a-z]|sg-[0-9a-z]|arn:aws|\b\d{12}\b|s3://[a-z0-9]")
    for path in DAGS_FOLDER.glob("*.py"):
        assert not pattern.search(path.read_text()), f"{path.name} hard-codes an id or bucket"
