"""The EMR pipeline DAG run end to end with dag.test() against moto's in-process AWS.

``emr_steps_finish`` (conftest) stands in for the Spark jobs, which moto never runs.
"""

from __future__ import annotations

import os

import pendulum
import pytest
from airflow.utils.state import DagRunState, TaskInstanceState

REGION = os.environ["AIRFLOW__PLATFORM__REGION"]  # set by conftest, as MWAA would
LAKE_BUCKET = os.environ["AIRFLOW__PLATFORM__LAKE_BUCKET"]
RUN_DATE = "2025-06-01"
ACTIVE_STATES = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING", "TERMINATING"]


def run_pipeline(dagbag, day: int):
    dag = dagbag.get_dag("emr_spark_pipeline")
    return dag.test(execution_date=pendulum.datetime(2025, 6, day, tz="UTC"))


def task_states(run) -> dict[tuple[str, int], str]:
    return {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}


def only_cluster(emr) -> dict:
    assert emr.list_clusters(ClusterStates=ACTIVE_STATES)["Clusters"] == [], "a cluster was left running"
    clusters = emr.list_clusters()["Clusters"]
    assert len(clusters) == 1
    return emr.describe_cluster(ClusterId=clusters[0]["Id"])["Cluster"]


def test_successful_run_creates_runs_and_terminates_the_cluster(
    dagbag, aws, emr_steps_finish, run_job_flow_requests, sent_emails
):
    run = run_pipeline(dagbag, 1)

    assert run.state == DagRunState.SUCCESS
    assert set(task_states(run).values()) == {TaskInstanceState.SUCCESS}
    assert ("check_submission_status", 1) in task_states(run)  # one sensor per step

    cluster = only_cluster(aws)
    assert cluster["Status"]["State"] == "TERMINATED"
    assert (
        cluster["Name"] == f"spark-platform-test-{RUN_DATE}"
    )  # project (local default) - environment - date
    assert cluster["ReleaseLabel"] == "emr-7.8.0"
    assert cluster["LogUri"] == f"s3://{LAKE_BUCKET}/logs/emr/"
    assert cluster["ServiceRole"] == "test-emr-service-role"
    assert cluster["SecurityConfiguration"] == "test-emr-security-config"
    assert {a["Name"] for a in cluster["Applications"]} == {"Hadoop", "Spark"}

    # What reached the EMR API, built from the platform section set in conftest.
    [request] = run_job_flow_requests
    instances = request["Instances"]
    assert request["JobFlowRole"] == "test-emr-instance-profile"
    assert request["AutoTerminationPolicy"] == {"IdleTimeout": 1800}
    tags = {t["Key"]: t["Value"] for t in request["Tags"]}
    assert tags["platform-environment"] == "test"
    assert tags["platform-dag-id"] == "emr_spark_pipeline"
    assert tags["platform-run-id"] == run.run_id
    assert instances["Ec2SubnetIds"] == ["subnet-0aaa", "subnet-0bbb"]
    assert (
        instances["EmrManagedMasterSecurityGroup"],
        instances["EmrManagedSlaveSecurityGroup"],
        instances["ServiceAccessSecurityGroup"],
    ) == ("sg-0primary", "sg-0core", "sg-0service")
    assert instances["KeepJobFlowAliveWhenNoSteps"] is True
    assert [
        (f["InstanceFleetType"], f["TargetOnDemandCapacity"], f["TargetSpotCapacity"])
        for f in instances["InstanceFleets"]
    ] == [("MASTER", 1, 0), ("CORE", 0, 2)]
    [spark_env] = [c for c in request["Configurations"] if c["Classification"] == "spark-env"]
    assert spark_env["Configurations"][0]["Properties"]["PYSPARK_PYTHON"] == "/usr/bin/python3.11"

    steps = sorted(aws.list_steps(ClusterId=cluster["Id"])["Steps"], key=lambda s: s["Name"])
    assert [(s["Name"], s["Status"]["State"]) for s in steps] == [
        ("generate-sample-data", "COMPLETED"),
        ("transform", "COMPLETED"),
    ]
    transform_args = steps[1]["Config"]["Args"]
    assert transform_args[-11:] == [
        "transform",
        "--lake-root",
        f"s3://{LAKE_BUCKET}",
        "--run-date",
        "2025-06-01",
        "--staging-database",
        "staging",
        "--curated-database",
        "curated",
        "--max-quarantine-percent",
        "5",
    ]
    assert {s["ActionOnFailure"] for s in steps} == {"CANCEL_AND_WAIT"}
    assert sent_emails == []


# Each run gets its own date: dag.test() replacing an existing run trips over Airflow's FAB tables.
@pytest.mark.parametrize(
    ("failing_step", "failed_index", "day"), [("transform", 1, 2), ("generate-sample-data", 0, 3)]
)
def test_failed_step_still_terminates_the_cluster_and_fails_the_run(
    dagbag, aws, emr_steps_finish, sent_emails, caplog, failing_step, failed_index, day
):
    emr_steps_finish.add(failing_step)

    run = run_pipeline(dagbag, day)

    assert run.state == DagRunState.FAILED
    states = task_states(run)
    sensors = {index: state for (task, index), state in states.items() if task == "check_submission_status"}
    assert sensors == {
        failed_index: TaskInstanceState.FAILED,
        1 - failed_index: TaskInstanceState.SUCCESS,
    }
    assert states[("terminate_emr_cluster", -1)] == TaskInstanceState.SUCCESS
    assert states[("end_workflow", -1)] == TaskInstanceState.UPSTREAM_FAILED

    assert only_cluster(aws)["Status"]["State"] == "TERMINATED"
    assert [(m["to"], "check_submission_status" in m["subject"]) for m in sent_emails] == [
        (["alerts@test.invalid"], True)
    ]
    assert "Task failed: dag=emr_spark_pipeline task=check_submission_status" in caplog.text
