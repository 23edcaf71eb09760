"""Default task arguments and the failure callback every platform DAG uses."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from platform_common.config import PlatformConfig

log = logging.getLogger(__name__)

# Tasks that are safe to repeat retry twice, five minutes apart; the EMR DAG opts out where not.
TASK_RETRIES = 2
TASK_RETRY_DELAY = timedelta(minutes=5)


def notify_failure(context: dict[str, Any]) -> None:
    """Logs one line per failed task with where to look next.

    The alert e-mail itself is sent by Airflow (``email_on_failure``) through the SMTP connection
    ``smtp_default``; it carries the exception, which for EMR steps names the step logs. This line
    lands in the task log (CloudWatch on MWAA) next to the error.
    """
    ti = context["task_instance"]
    log.error(
        "Task failed: dag=%s task=%s run=%s try=%s log=%s error=%s",
        ti.dag_id,
        ti.task_id,
        context.get("run_id"),
        ti.try_number,
        ti.log_url,
        context.get("exception"),
    )


def default_args(config: PlatformConfig) -> dict[str, Any]:
    return {
        "owner": "data-platform",
        "depends_on_past": False,
        "email": [config.alert_email],
        "email_on_failure": True,
        "email_on_retry": True,
        "retries": TASK_RETRIES,
        "retry_delay": TASK_RETRY_DELAY,
        "on_failure_callback": notify_failure,
    }
