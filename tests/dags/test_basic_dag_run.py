"""The basic DAG runs end to end and passes 5 + 3 through XCom."""

from __future__ import annotations

import pendulum
from airflow.utils.state import DagRunState, TaskInstanceState


def test_basic_dag_runs_and_returns_sum(dagbag):
    dag = dagbag.get_dag("basic_dag")
    run = dag.test(execution_date=pendulum.datetime(2025, 6, 1, tz="UTC"))

    assert run.state == DagRunState.SUCCESS
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert states == dict.fromkeys(["start", "addition_task", "end"], TaskInstanceState.SUCCESS)
    addition = run.get_task_instance("addition_task")
    assert addition.xcom_pull(task_ids="addition_task") == 8
