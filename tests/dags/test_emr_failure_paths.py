"""Every way a run can end leaves no EMR cluster WAITING or RUNNING (moto's in-process EMR).

``drive`` is dag.test()'s scheduling loop (Airflow 2.11, airflow/models/dag.py) with a stop
condition, so a test can intervene mid-run the way an operator or the scheduler does: mark the run
failed, or time it out. Each test uses its own logical date (dag.test() replacing a run trips over
Airflow's FAB tables).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

# Registers Flask-AppBuilder's ab_user table, which task_instance_note refers to; a task failing
# outside dag.test() flushes through that relationship.
import airflow.providers.fab.auth_manager.models  # noqa: F401
import pendulum
import pytest
from airflow.api.common.mark_tasks import set_dag_run_state_to_failed
from airflow.models import DagRun
from airflow.models.dag import _get_or_create_dagrun, _run_task
from airflow.utils.session import create_session
from airflow.utils.state import DagRunState, State, TaskInstanceState
from airflow.utils.types import DagRunType

DAG_ID = "emr_spark_pipeline"
LIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


@pytest.fixture
def dag(dagbag, monkeypatch):
    dag = dagbag.get_dag(DAG_ID)
    # Sensors poke every second here instead of every minute; nothing else about them changes.
    monkeypatch.setitem(dag.get_task("check_submission_status").partial_kwargs, "poke_interval", 1)
    monkeypatch.setattr(dag.get_task("check_cluster_ready"), "poke_interval", 1)
    return dag


def start_run(dag, day: int, session):
    logical_date = pendulum.datetime(2025, 7, day, tz="UTC")
    dag.clear(start_date=logical_date, end_date=logical_date, dag_run_state=False, session=session)
    return _get_or_create_dagrun(
        dag=dag,
        conf=None,
        start_date=logical_date,
        execution_date=logical_date,
        run_id=DagRun.generate_run_id(DagRunType.SCHEDULED, logical_date),
        session=session,
        data_interval=dag.timetable.infer_manual_data_interval(run_after=logical_date),
    )


def drive(dag, dr, session, *, until=lambda states: False, max_loops: int = 200) -> dict:
    """Runs what the scheduler would run, until the run ends or ``until(task states)`` holds."""
    for _ in range(max_loops):
        session.expire_all()
        states = task_states(dr, session)
        if dr.state != DagRunState.RUNNING or until(states):
            return states
        schedulable, _ = dr.update_state(session=session)
        for ti in schedulable:
            if ti.state != TaskInstanceState.UP_FOR_RESCHEDULE:
                ti.try_number += 1
            ti.state = TaskInstanceState.SCHEDULED
        session.commit()
        for ti in dr.get_task_instances(state=TaskInstanceState.SCHEDULED, session=session):
            ti.task = dag.get_task(ti.task_id)
            try:
                _run_task(ti=ti, inline_trigger=True, session=session)
            except Exception:  # a failing task is an outcome under test, recorded in its state
                pass
        if not schedulable:
            time.sleep(0.5)  # a rescheduled sensor becomes due again
    raise AssertionError(
        f"run still {dr.state} after {max_loops} scheduling loops: {task_states(dr, session)}"
    )


def task_states(dr, session) -> dict[str, str]:
    return {
        ti.task_id if ti.map_index < 0 else f"{ti.task_id}[{ti.map_index}]": ti.state
        for ti in dr.get_task_instances(session=session)
    }


def live_clusters(emr) -> list[str]:
    return [c["Id"] for c in emr.list_clusters(ClusterStates=LIVE)["Clusters"]]


def sensors_waiting(states: dict) -> bool:
    return states.get("check_submission_status[0]") == TaskInstanceState.UP_FOR_RESCHEDULE


def test_create_failing_after_the_cluster_started_still_removes_it(dag, aws, monkeypatch, sent_emails):
    """RunJobFlow succeeded, then the task died (worker lost, API error): create fails, so its
    teardown is skipped; the DAG's failure callback finds the cluster by the run's tags."""
    from airflow.providers.amazon.aws.operators import emr as emr_operators

    monkeypatch.setattr(dag.get_task("create_emr_cluster"), "retries", 0)

    def lost(**_kwargs):
        raise RuntimeError("worker lost after RunJobFlow")

    monkeypatch.setattr(emr_operators.EmrClusterLink, "persist", lost)
    with create_session() as session:
        dr = start_run(dag, 1, session)
        states = drive(dag, dr, session)

    assert dr.state == DagRunState.FAILED
    assert states["create_emr_cluster"] == TaskInstanceState.FAILED
    assert states["terminate_emr_cluster"] in (TaskInstanceState.UPSTREAM_FAILED, TaskInstanceState.SKIPPED)
    assert len(aws.list_clusters()["Clusters"]) == 1
    assert live_clusters(aws) == []


def test_create_rejected_by_emr_starts_nothing_and_alerts(dag, aws, monkeypatch, sent_emails):
    from moto.emr.responses import ElasticMapReduceResponse

    monkeypatch.setattr(dag.get_task("create_emr_cluster"), "retries", 0)

    def rejected(_response):
        raise ValueError("ValidationException: instance type not offered")

    monkeypatch.setattr(ElasticMapReduceResponse, "run_job_flow", rejected)
    with create_session() as session:
        dr = start_run(dag, 2, session)
        drive(dag, dr, session)

    assert dr.state == DagRunState.FAILED
    assert aws.list_clusters()["Clusters"] == []
    assert any("create_emr_cluster" in mail["subject"] for mail in sent_emails)


def test_retried_create_adopts_the_run_cluster_instead_of_starting_a_second(
    dag, aws, monkeypatch, emr_steps_finish, run_job_flow_requests
):
    from airflow.providers.amazon.aws.operators import emr as emr_operators

    monkeypatch.setattr(dag.get_task("create_emr_cluster"), "retry_delay", timedelta(0))
    persist = emr_operators.EmrClusterLink.persist
    tries: list[int] = []

    def lost_once(**kwargs):
        tries.append(1)
        if len(tries) == 1:
            raise RuntimeError("worker lost after RunJobFlow")
        return persist(**kwargs)

    monkeypatch.setattr(emr_operators.EmrClusterLink, "persist", lost_once)
    with create_session() as session:
        dr = start_run(dag, 3, session)
        states = drive(dag, dr, session)

    assert dr.state == DagRunState.SUCCESS, states
    assert len(run_job_flow_requests) == 1  # the retry found the cluster by its platform-run-id tag
    assert len(aws.list_clusters()["Clusters"]) == 1
    assert live_clusters(aws) == []


def test_run_marked_failed_during_a_step_still_terminates_the_cluster(dag, aws):
    """moto never finishes a step, so the run waits in check_submission_status until marked failed."""
    with create_session() as session:
        dr = start_run(dag, 4, session)
        drive(dag, dr, session, until=sensors_waiting)
        assert len(live_clusters(aws)) == 1

        set_dag_run_state_to_failed(dag=dag, run_id=dr.run_id, commit=True, session=session)
        states = drive(dag, dr, session)

    assert states["terminate_emr_cluster"] == TaskInstanceState.SUCCESS  # a teardown is never skipped
    assert states["check_submission_status[0]"] == TaskInstanceState.FAILED
    # Airflow 2.11 leaves the run running until its teardown is done, then derives the final state
    # from end_workflow, which marking failed SKIPPED: the run ends "success" (docs/data-run.md).
    assert dr.state != DagRunState.RUNNING
    assert live_clusters(aws) == []


def test_dagrun_timeout_terminates_the_run_clusters_through_the_failure_callback(dag, aws):
    """What the scheduler does on dagrun_timeout (scheduler_job_runner._schedule_dag_run in 2.11):
    the run fails, every unfinished task is SKIPPED (the teardown too) and the DAG's failure
    callback runs, which is the only thing left to remove the cluster."""
    with create_session() as session:
        dr = start_run(dag, 5, session)
        drive(dag, dr, session, until=sensors_waiting)
        assert len(live_clusters(aws)) == 1

        dr.set_state(DagRunState.FAILED)
        for ti in dr.get_task_instances(state=list(State.unfinished), session=session):
            ti.state = TaskInstanceState.SKIPPED
            session.merge(ti)
        session.commit()
        assert task_states(dr, session)["terminate_emr_cluster"] == TaskInstanceState.SKIPPED
        dag.handle_callback(dr, success=False, reason="timed_out", session=session)

    assert live_clusters(aws) == []


def test_a_step_over_its_timeout_fails_the_run_and_terminates_the_cluster(dag, aws, monkeypatch, sent_emails):
    from moto.emr.models import FakeCluster

    add_steps = FakeCluster.add_steps

    def add_and_hang(cluster, steps):
        added = add_steps(cluster, steps)
        if added:  # RunJobFlow adds an empty list while it builds the cluster
            # moto reports StartDateTime only once ready_datetime is set.
            added[0].start_datetime = added[0].ready_datetime = datetime.now(UTC) - timedelta(minutes=121)
        return added

    monkeypatch.setattr(FakeCluster, "add_steps", add_and_hang)
    with create_session() as session:
        dr = start_run(dag, 6, session)
        states = drive(dag, dr, session)

    assert dr.state == DagRunState.FAILED
    assert states["check_submission_status[0]"] == TaskInstanceState.FAILED
    assert states["check_submission_status[1]"] == TaskInstanceState.FAILED  # its cluster is gone
    assert live_clusters(aws) == []
    [alert] = [m["body"] for m in sent_emails if "ran longer than the step timeout" in m["body"]]
    assert "ran longer than the step timeout (2:00:00)" in alert
    assert "s3://test-lake-bucket/logs/emr/" in alert and "/steps/" in alert
