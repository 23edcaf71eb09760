"""Where raw data is landed the run waits for the day's marker; failure alerts carry the evidence."""

from __future__ import annotations

import json
import os

import pendulum
import pytest
from airflow.models import DagBag
from airflow.utils.state import DagRunState, TaskInstanceState
from conftest import DAGS_FOLDER

LAKE_BUCKET = os.environ["AIRFLOW__PLATFORM__LAKE_BUCKET"]
LIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


@pytest.fixture
def landed_dag(monkeypatch):
    """The pipeline as prod builds it: generate_sample_data = false."""
    monkeypatch.setenv("AIRFLOW__PLATFORM__GENERATE_SAMPLE_DATA", "false")
    bag = DagBag(dag_folder=str(DAGS_FOLDER / "emr_spark_pipeline.py"), include_examples=False)
    assert bag.import_errors == {}
    return bag.get_dag("emr_spark_pipeline")


def states(run) -> dict[str, str]:
    return {
        ti.task_id if ti.map_index < 0 else f"{ti.task_id}[{ti.map_index}]": ti.state
        for ti in run.get_task_instances()
    }


def test_landed_data_is_waited_for_before_begin_workflow(landed_dag):
    wait = landed_dag.get_task("wait_for_raw_data")
    assert landed_dag.get_task("begin_workflow").upstream_task_ids == {"wait_for_raw_data"}
    assert wait.mode == "reschedule"
    assert wait.timeout == 360 * 60  # emr.raw_arrival_timeout_minutes
    assert wait.bucket_key == "raw/_batches/ingest_date={{ ds }}/_SUCCESS"


def test_a_landed_day_runs_the_transform_only(landed_dag, aws, emr_steps_finish):
    import boto3

    boto3.client("s3").put_object(
        Bucket=LAKE_BUCKET, Key="raw/_batches/ingest_date=2025-08-01/_SUCCESS", Body=b"{}"
    )

    run = landed_dag.test(execution_date=pendulum.datetime(2025, 8, 1, tz="UTC"))

    assert run.state == DagRunState.SUCCESS, states(run)
    [cluster] = aws.list_clusters()["Clusters"]
    assert [s["Name"] for s in aws.list_steps(ClusterId=cluster["Id"])["Steps"]] == ["transform"]
    assert aws.list_clusters(ClusterStates=LIVE)["Clusters"] == []


def test_no_data_by_the_deadline_alerts_and_starts_no_cluster(landed_dag, aws, monkeypatch, sent_emails):
    monkeypatch.setattr(landed_dag.get_task("wait_for_raw_data"), "timeout", 0)

    run = landed_dag.test(execution_date=pendulum.datetime(2025, 8, 2, tz="UTC"))

    assert run.state == DagRunState.FAILED
    assert states(run)["wait_for_raw_data"] == TaskInstanceState.FAILED
    assert aws.list_clusters()["Clusters"] == []
    [alert] = [m["body"] for m in sent_emails if "wait_for_raw_data" in m["subject"]]
    assert (
        f"No raw batch for 2025-08-02: s3://{LAKE_BUCKET}/raw/_batches/ingest_date=2025-08-02/_SUCCESS"
        in alert
    )
    assert "npm run land -- --env <env> --date 2025-08-02 --from <dir>" in alert


def test_a_failed_quality_gate_alert_names_the_dataset_rows_and_report(
    dagbag, aws, emr_steps_finish, sent_emails
):
    import boto3

    report_key = "curated/_quality_reports/run_date=2025-08-03/report.json"
    breach = {
        "dataset": "sales",
        "rows_in": 13,
        "rows_quarantined": 10,
        "rate_percent": 76.92,
        "quarantine_path": f"s3://{LAKE_BUCKET}/quarantine/sales/run_date=2025-08-03",
        "top_reasons": {"required:store_id": 4},
    }
    report = {
        "status": "failed",
        "quality_gate": {"threshold_percent": 5, "passed": False, "breaches": [breach]},
    }
    boto3.client("s3").put_object(Bucket=LAKE_BUCKET, Key=report_key, Body=json.dumps(report).encode())
    emr_steps_finish.add("transform")

    run = dagbag.get_dag("emr_spark_pipeline").test(execution_date=pendulum.datetime(2025, 8, 3, tz="UTC"))

    assert run.state == DagRunState.FAILED
    [alert] = [m["body"] for m in sent_emails if "check_submission_status" in m["subject"]]
    assert "EMR step transform" in alert
    assert "Quality gate: sales quarantined 10 of 13 rows (76.9 % > 5 %)" in alert
    assert f"Quality report: s3://{LAKE_BUCKET}/{report_key}" in alert
    assert f"Step logs (stderr.gz, stdout.gz): s3://{LAKE_BUCKET}/logs/emr/" in alert
    assert aws.list_clusters(ClusterStates=LIVE)["Clusters"] == []
