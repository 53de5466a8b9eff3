"""Settings come from the environment; production refuses to run half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Variables a developer's shell or another test may have set that must not leak into these runs.
CLEARED = {"SECRET_KEY", "DATABASE_URL", "NEWSROOM_DATA_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
STRONG_KEY = "k" * 20 + "9f3Qz!x7@Lp2#Vb8$Nw5%Hc1^Rt6&Ym4*"


def clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in CLEARED}


def run_django(settings: str, code: str, **env: str) -> subprocess.CompletedProcess:
    environment = clean_environment()
    environment.update(env, DJANGO_SETTINGS_MODULE=settings)
    script = "import django; django.setup(); from django.conf import settings; " + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("newsroom.settings.prod", "print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean_environment(),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
            "SECRET_KEY": STRONG_KEY,
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_data_dir_holds_the_sqlite_file_and_the_index(tmp_path):
    code = "print(json.dumps([str(settings.DATABASES['default']['NAME']), settings.HAYSTACK_CONNECTIONS['default'].get('PATH')]))"
    result = run_django(
        "newsroom.settings.dev", "import json; " + code, NEWSROOM_DATA_DIR=str(tmp_path)
    )
    database, index = json.loads(result.stdout)
    assert database == str(tmp_path / "db.sqlite3")
    assert index.startswith(str(tmp_path))


def test_database_url_switches_to_postgresql():
    code = "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    result = run_django(
        "newsroom.settings.dev", code, DATABASE_URL="postgres://news:pw@db.example:5432/newsroom"
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "newsroom"]


def test_chinese_language_and_shanghai_time():
    result = run_django(
        "newsroom.settings.dev", "print(settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    )
    assert result.stdout.split() == ["zh-hans", "Asia/Shanghai"]
