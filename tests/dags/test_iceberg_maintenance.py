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
    expected["end_workflow"] = set()
    assert {t.task_id: set(t.downstream_task_ids) for t in dag.tasks} == expected
    assert dag.schedule_interval == "0 12 * * 0"  # Sunday noon, away from the midnight ETL
    assert (dag.catchup, dag.max_active_runs) == (False, 1)
    assert dag.get_task("terminate_emr_cluster").trigger_rule == TriggerRule.ALL_DONE
    assert dag.get_task("end_workflow").trigger_rule == TriggerRule.ALL_SUCCESS


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
