"""The Iceberg maintenance DAG: its chain, schedule, cleanup rule and the step it submits."""

from __future__ import annotations

from airflow.utils.trigger_rule import TriggerRule

CHAIN = [
    "begin_workflow",
    "create_emr_cluster",
    "check_cluster_ready",
    "submit_maintenance",
    "check_maintenance",
    "terminate_emr_cluster",
    "end_workflow",
]


def test_maintenance_dag_chain_and_schedule(dagbag):
    assert "iceberg_maintenance" not in dagbag.import_errors
    dag = dagbag.get_dag("iceberg_maintenance")
    expected = {task: {nxt} for task, nxt in zip(CHAIN, CHAIN[1:], strict=False)}
    expected["check_maintenance"] = {"terminate_emr_cluster", "end_workflow"}
    expected["create_emr_cluster"] = {"check_cluster_ready", "terminate_emr_cluster"}  # setup -> teardown
    expected["end_workflow"] = set()
    assert {t.task_id: set(t.downstream_task_ids) for t in dag.tasks} == expected
    assert dag.schedule_interval == "0 12 * * 0"  # Sunday noon, away from the midnight ETL
    assert (dag.catchup, dag.max_active_runs) == (False, 1)
    # The daily pipeline's cleanup rules (platform_common/transient_cluster.py): teardown of the
    # create, the run's clusters terminated on a failed or timed-out run, a retried create adopts.
    terminate = dag.get_task("terminate_emr_cluster")
    assert terminate.is_teardown
    assert terminate.upstream_task_ids >= {"check_maintenance"}
    assert dag.get_task("end_workflow").trigger_rule == TriggerRule.ALL_SUCCESS
    assert dag.on_failure_callback.__name__ == "terminate_run_clusters"
    assert dag.get_task("create_emr_cluster").retries == 1
    assert type(dag.get_task("create_emr_cluster")).__name__ == "RunClusterCreateOperator"
    assert dag.dagrun_timeout.total_seconds() > (45 + 180) * 60  # cluster start + step, then the callback


def test_maintenance_step_runs_main_py_maintain_on_the_lake(dagbag):
    dag = dagbag.get_dag("iceberg_maintenance")
    (step,) = dag.get_task("submit_maintenance").steps
    args = step["HadoopJarStep"]["Args"]
    assert args[:3] == ["spark-submit", "--deploy-mode", "cluster"]
    assert args[args.index("maintain") :] == [
        "maintain",
        "--lake-root",
        "s3://test-lake-bucket",
        "--staging-database",
        "staging",
        "--curated-database",
        "curated",
    ]
    assert step["ActionOnFailure"] == "CANCEL_AND_WAIT"


def test_clusters_run_emr_iceberg_runtime(dagbag):
    spec = dagbag.get_dag("iceberg_maintenance").get_task("create_emr_cluster").job_flow_overrides
    assert {"Classification": "iceberg-defaults", "Properties": {"iceberg.enabled": "true"}} in spec[
        "Configurations"
    ]
    assert spec["AutoTerminationPolicy"]["IdleTimeout"] > 0
