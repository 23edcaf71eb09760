"""Test harness for the DAGs: an isolated Airflow home with a SQLite metadata DB, and moto for AWS.

Airflow reads its configuration when first imported, so the environment is set here, before any
test module imports airflow.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DAGS_FOLDER = REPO_ROOT / "dags"
REGION = "eu-north-1"
LAKE_BUCKET = "test-lake-bucket"

_airflow_home = tempfile.mkdtemp(prefix="airflow-home-")
atexit.register(shutil.rmtree, _airflow_home, ignore_errors=True)

os.environ.update(
    {
        "AIRFLOW_HOME": _airflow_home,
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
        "AIRFLOW__CORE__EXECUTOR": "SequentialExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_airflow_home}/airflow.db",
        "AIRFLOW__DATABASE__LOAD_DEFAULT_CONNECTIONS": "False",
        # moto intercepts every AWS call in-process; these only keep botocore from looking further.
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AIRFLOW_CONN_AWS_DEFAULT": f'{{"conn_type": "aws", "extra": {{"region_name": "{REGION}"}}}}',
        # The platform section as the MWAA construct would set it (here through env vars).
        "AIRFLOW__PLATFORM__ENVIRONMENT": "test",
        "AIRFLOW__PLATFORM__REGION": REGION,
        "AIRFLOW__PLATFORM__LAKE_BUCKET": LAKE_BUCKET,
        "AIRFLOW__PLATFORM__EMR_LOG_URI": f"s3://{LAKE_BUCKET}/logs/emr/",
        "AIRFLOW__PLATFORM__EMR_SERVICE_ROLE": "test-emr-service-role",
        "AIRFLOW__PLATFORM__EMR_INSTANCE_PROFILE": "test-emr-instance-profile",
        "AIRFLOW__PLATFORM__EMR_SECURITY_CONFIGURATION": "test-emr-security-config",
        "AIRFLOW__PLATFORM__SUBNET_IDS": "subnet-0aaa,subnet-0bbb",
        "AIRFLOW__PLATFORM__EMR_PRIMARY_SG": "sg-0primary",
        "AIRFLOW__PLATFORM__EMR_CORE_SG": "sg-0core",
        "AIRFLOW__PLATFORM__EMR_SERVICE_SG": "sg-0service",
        "AIRFLOW__PLATFORM__ALERT_EMAIL": "alerts@test.invalid",
        "AIRFLOW__PLATFORM__EMR_IDLE_TIMEOUT_SECONDS": "1800",
        "AIRFLOW__PLATFORM__GENERATE_SAMPLE_DATA": "true",
    }
)
# MWAA puts the dags folder on sys.path; so do we, for `import platform_common`.
sys.path.insert(0, str(DAGS_FOLDER))


def pytest_configure(config):
    # Deprecation noise from Airflow 2.11's own dependencies (Flask-AppBuilder, Airflow 3 notices).
    for module in ("airflow", "flask_appbuilder", "flask_sqlalchemy", "marshmallow_sqlalchemy"):
        config.addinivalue_line("filterwarnings", f"ignore::DeprecationWarning:{module}.*")
    config.addinivalue_line("filterwarnings", "ignore::airflow.exceptions.RemovedInAirflow3Warning")
    config.addinivalue_line("filterwarnings", "ignore:.*SQLAlchemy 2.0.*")


@pytest.fixture(scope="session", autouse=True)
def airflow_db() -> None:
    """`airflow db migrate` once per test session, into the temporary AIRFLOW_HOME."""
    airflow = Path(sys.executable).with_name("airflow")
    result = subprocess.run([str(airflow), "db", "migrate"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"airflow db migrate failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def dagbag():
    from airflow.models import DagBag

    return DagBag(dag_folder=str(DAGS_FOLDER), include_examples=False)


@pytest.fixture
def sent_emails(monkeypatch) -> list[dict]:
    """Captures the alert e-mails Airflow sends for failed tasks instead of talking to SMTP."""
    import airflow.models.taskinstance as taskinstance

    sent: list[dict] = []

    def capture(to, subject, html_content, *args, **kwargs):
        sent.append({"to": to, "subject": subject, "body": html_content})

    monkeypatch.setattr(taskinstance, "send_email", capture)
    return sent
