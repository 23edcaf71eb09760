"""What keeps a run from leaving a cluster behind, and tells on-call where to look when a step fails.

* ``RunClusterCreateOperator``: a retried create adopts the cluster an earlier try of the same run
  started (found by its platform-run-id tag) instead of starting a second one.
* ``terminate_run_clusters``: the DAG's failure callback; it runs when the scheduler fails a run
  (a failed task, ``dagrun_timeout``) and terminates every live cluster tagged with that run.
* ``RunStepSensor``: fails a step that runs longer than the step timeout, and says in the alert
  which step failed, why, where its logs are and, for the quality gate, which dataset broke it.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.exceptions import AirflowException, AirflowSensorTimeout
from airflow.providers.amazon.aws.hooks.emr import EmrHook
from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from airflow.providers.amazon.aws.operators.emr import EmrCreateJobFlowOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor

from platform_common.config import PlatformConfig
from platform_common.emr import step_log_prefix

log = logging.getLogger(__name__)

# Every state in which a cluster still costs money or may still start to.
LIVE_STATES = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]
ENDED_STATES = ("TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS")
RUN_TAG_KEYS = ("platform-environment", "platform-dag-id", "platform-run-id")


def find_run_clusters(emr, tags: dict[str, str]) -> list[str]:
    """Ids of live clusters whose run tags (environment, DAG, run id) all equal ``tags``."""
    wanted = {key: tags[key] for key in RUN_TAG_KEYS}
    found = []
    for page in emr.get_paginator("list_clusters").paginate(ClusterStates=LIVE_STATES):
        for summary in page["Clusters"]:
            cluster = emr.describe_cluster(ClusterId=summary["Id"])["Cluster"]
            have = {tag["Key"]: tag["Value"] for tag in cluster.get("Tags", [])}
            if all(have.get(key) == value for key, value in wanted.items()):
                found.append(summary["Id"])
    return found


def _emr_client(config: PlatformConfig):
    return EmrHook(aws_conn_id="aws_default", region_name=config.region).conn


def run_cluster_terminator(config: PlatformConfig):
    """The DAG-level failure callback: terminates the clusters of the failed run."""

    def terminate_run_clusters(context: dict[str, Any]) -> None:
        dag_run = context["dag_run"]
        tags = {
            "platform-environment": config.environment,
            "platform-dag-id": dag_run.dag_id,
            "platform-run-id": dag_run.run_id,
        }
        emr = _emr_client(config)
        clusters = find_run_clusters(emr, tags)
        if clusters:
            emr.terminate_job_flows(JobFlowIds=clusters)
        log.warning(
            "Run %s of %s failed (%s): terminated its clusters %s",
            dag_run.run_id,
            dag_run.dag_id,
            context.get("reason", "task failure"),
            clusters or "(none live)",
        )

    return terminate_run_clusters


class RunClusterCreateOperator(EmrCreateJobFlowOperator):
    """Creates the run's cluster, or adopts the live one an earlier try of this run started."""

    def execute(self, context):
        tags = {tag["Key"]: tag["Value"] for tag in self.job_flow_overrides["Tags"]}
        existing = find_run_clusters(self.hook.conn, tags)
        if existing:
            self.log.warning("Run %s already has cluster %s: using it", tags["platform-run-id"], existing[0])
            self._job_flow_id = existing[0]
            return existing[0]
        return super().execute(context)


class RawBatchSensor(S3KeySensor):
    """Waits for the day's raw batch marker; on timeout the alert says what is missing and what to do."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowSensorTimeout as timeout:
            raise AirflowSensorTimeout(
                f"No raw batch for {context['ds']}: s3://{self.bucket_name}/{self.bucket_key} did not appear "
                f"within {timedelta(seconds=self.timeout)}. Land the day's data (docs/data-run.md, "
                f"`npm run land -- --env <env> --date {context['ds']} --from <dir>`), then clear this task."
            ) from timeout


class RunStepSensor(EmrStepSensor):
    """An EMR step sensor with a per-step time limit and an alert that points at the evidence."""

    template_fields = (*EmrStepSensor.template_fields, "quality_report")

    def __init__(self, *, log_uri: str, step_timeout: timedelta, quality_report: str | None = None, **kwargs):
        """``quality_report``: s3:// URI of the transform's report, quoted in a failed transform's alert."""
        super().__init__(**kwargs)
        self.log_uri = log_uri
        self.step_timeout = step_timeout
        self.quality_report = quality_report

    def poke(self, context) -> bool:
        step = self.get_emr_response(context)["Step"]
        status = step["Status"]
        state = status["State"]
        self.log.info("Step %s (%s) is %s", step["Name"], self.step_id, state)
        if state in self.target_states:
            return True
        if state in self.failed_states:
            raise AirflowException(self._failure_message(step))
        cluster = self.hook.conn.describe_cluster(ClusterId=self.job_flow_id)["Cluster"]["Status"]
        if cluster["State"] in ENDED_STATES:
            # A terminated cluster leaves its unfinished steps behind; waiting on them is pointless.
            raise AirflowException(
                f"Cluster {self.job_flow_id} is {cluster['State']} ({cluster.get('StateChangeReason', {})}) "
                f"while step {step['Name']} ({self.step_id}) is {state}."
            )
        started = status.get("Timeline", {}).get("StartDateTime")
        if state == "RUNNING" and started and datetime.now(UTC) - started > self.step_timeout:
            # A hung step keeps the cluster busy, so idle auto-termination would never fire.
            self.hook.conn.terminate_job_flows(JobFlowIds=[self.job_flow_id])
            raise AirflowException(
                f"EMR step {step['Name']} ({self.step_id}) ran longer than the step timeout "
                f"({self.step_timeout}); cluster {self.job_flow_id} was terminated. "
                f"Step logs: {step_log_prefix(self.log_uri, self.job_flow_id, self.step_id)}"
            )
        return False

    def _failure_message(self, step: dict) -> str:
        status = step["Status"]
        details = status.get("FailureDetails") or {}
        lines = [
            f"EMR step {step['Name']} ({self.step_id}) on cluster {self.job_flow_id} ended {status['State']}."
        ]
        if status["State"] == "CANCELLED":
            lines.append("An earlier step of this run failed, so EMR cancelled this one (CANCEL_AND_WAIT).")
        if details.get("Reason") or details.get("Message"):
            lines.append(
                f"EMR says: {details.get('Reason')}: {details.get('Message')} ({details.get('LogFile')})"
            )
        step_logs = step_log_prefix(self.log_uri, self.job_flow_id, self.step_id)
        lines.append(f"Step logs (stderr.gz, stdout.gz): {step_logs}")
        lines.append(
            f"Spark driver logs (cluster mode): {self.log_uri.rstrip('/')}/{self.job_flow_id}/containers/"
        )
        if step["Name"] == "transform" and self.quality_report:
            lines.extend(self._quality_gate_lines())
        return "\n".join(lines)

    def _quality_gate_lines(self) -> list[str]:
        uri = self.quality_report
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        try:
            report = json.loads(S3Hook(aws_conn_id=self.aws_conn_id).read_key(key, bucket))
        except Exception as err:  # the report is a hint for the alert; its absence must not hide the failure
            return [
                f"No quality report at {uri} ({type(err).__name__}): the transform failed before writing it."
            ]
        gate = report.get("quality_gate") or {}
        lines = [
            f"Quality gate: {b['dataset']} quarantined {b['rows_quarantined']:,} of {b['rows_in']:,} rows "
            f"({b['rate_percent']:.1f} % > {gate['threshold_percent']:g} %); rows in {b['quarantine_path']}"
            for b in gate.get("breaches", [])
        ]
        for failure in report.get("reconciliation", {}).get("failures", []):
            lines.append(f"Reconciliation: {failure}")
        lines.append(f"Quality report: {uri}")
        return lines
