"""Basic DAG: shows scheduling, XCom, retries and failure e-mail on the platform's MWAA environment."""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator

from platform_common.config import load_config
from platform_common.defaults import default_args

config = load_config()


def add(a: int, b: int) -> int:
    """The returned sum is pushed to XCom as ``return_value``."""
    return a + b


with DAG(
    dag_id="basic_dag",
    description="Demonstrates task execution, XCom and dependency management",
    schedule="@daily",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=default_args(config),
    tags=["platform", "example", config.environment],
) as dag:
    start = EmptyOperator(task_id="start")
    addition_task = PythonOperator(task_id="addition_task", python_callable=add, op_args=[5, 3])
    end = EmptyOperator(task_id="end")

    start >> addition_task >> end
