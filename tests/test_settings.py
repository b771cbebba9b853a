"""Production mode: refuses to start without a secret key, and passes check --deploy cleanly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("PEIXUN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    } | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", PEIXUN_DEBUG="0")
    assert result.returncode != 0
    assert "PEIXUN_SECRET_KEY must be set when PEIXUN_DEBUG=0" in result.stderr


def test_production_passes_check_deploy_with_no_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PEIXUN_DEBUG="0",
        PEIXUN_SECRET_KEY="k" * 20 + "a-long-random-production-secret-0123456789",
        PEIXUN_ALLOWED_HOSTS="peixun.example.org",
        PEIXUN_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_has_no_demo_mode(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEMO_MODE, settings.DEBUG)",
        PEIXUN_DEBUG="0",
        PEIXUN_SECRET_KEY="x" * 60,
        PEIXUN_DATA_DIR=str(tmp_path),
    )
    assert result.stdout.strip().splitlines()[-1] == "False False", result.stderr


def test_a_window_setting_that_is_not_a_whole_number_refuses_to_start_naming_it():
    result = manage("check", PEIXUN_FEEDBACK_OPEN_DAYS="two weeks")
    assert result.returncode != 0
    assert "PEIXUN_FEEDBACK_OPEN_DAYS must be a whole number of 0 or more, not “two weeks”." in result.stderr
    result = manage("check", PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE="-5")
    assert "PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE must be a whole number of 0 or more, not “-5”." in result.stderr


def test_the_windows_come_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE, s.PEIXUN_FEEDBACK_OPEN_DAYS)",
        PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE="45",
    )
    assert result.stdout.strip().splitlines()[-1] == "45 14", result.stdout + result.stderr


def test_development_makes_its_own_secret_key_once_readable_by_its_owner_alone(tmp_path):
    show_key = ("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    first = manage(*show_key, PEIXUN_DATA_DIR=str(tmp_path))
    key_file = tmp_path / "secret_key"
    assert first.returncode == 0, first.stderr
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    key = first.stdout.strip().splitlines()[-1]
    assert key == key_file.read_text().strip()
    assert len(key) >= 60

    again = manage(*show_key, PEIXUN_DATA_DIR=str(tmp_path))
    assert again.stdout.strip().splitlines()[-1] == key
    elsewhere = manage(*show_key, PEIXUN_DATA_DIR=str(tmp_path / "other"))
    assert elsewhere.stdout.strip().splitlines()[-1] != key


def test_a_secret_key_from_the_environment_wins_and_no_file_is_made(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        PEIXUN_SECRET_KEY="from-the-environment-" + "z" * 40,
        PEIXUN_DATA_DIR=str(tmp_path),
    )
    assert result.stdout.strip().splitlines()[-1] == "from-the-environment-" + "z" * 40
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_a_key_even_when_a_development_key_file_exists(tmp_path):
    (tmp_path / "secret_key").write_text("a-development-key-" + "d" * 50)
    result = manage("check", PEIXUN_DEBUG="0", PEIXUN_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "PEIXUN_SECRET_KEY must be set when PEIXUN_DEBUG=0" in result.stderr


SEVERAL_SERVERS = {
    "PEIXUN_DEBUG": "0",
    "PEIXUN_SECRET_KEY": "k" * 20 + "a-long-random-production-secret-0123456789",
    "PEIXUN_ALLOWED_HOSTS": "peixun.example.org",
    "PEIXUN_CACHE_URL": "redis://127.0.0.1:6379/3",
    "PEIXUN_BROKER_URL": "redis://127.0.0.1:6379/3",
    "PEIXUN_S3_BUCKET": "peixun-files",
    "PEIXUN_S3_ENDPOINT_URL": "https://objects.example.org",
    "PEIXUN_S3_ACCESS_KEY": "key",
    "PEIXUN_S3_SECRET_KEY": "secret",
    "PEIXUN_S3_REGION": "cn-north-1",
}


def test_several_servers_share_sessions_caches_and_files_and_pass_check_deploy(tmp_path):
    """With Redis and object storage configured, nothing a request needs stays in one process or on one disk."""
    checked = manage("check", "--deploy", "--fail-level", "WARNING", PEIXUN_DATA_DIR=str(tmp_path), **SEVERAL_SERVERS)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout

    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; from django.core.files.storage import default_storage as d; "
        "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.CACHES['fragments']['BACKEND'], "
        "type(d._wrapped if hasattr(d, '_wrapped') else d).__name__ if d.bucket_name else '', d.bucket_name, "
        "d.endpoint_url, d.file_overwrite, d.querystring_expire)",
        PEIXUN_DATA_DIR=str(tmp_path),
        **SEVERAL_SERVERS,
    )
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "django.contrib.sessions.backends.cached_db",
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.redis.RedisCache",
        "S3Storage",
        "peixun-files",
        "https://objects.example.org",
        "False",
        "60",
    ], shown.stderr


def test_downloads_are_redirected_or_streamed_and_nothing_else():
    result = manage("check", PEIXUN_S3_DOWNLOADS="proxy")
    assert result.returncode != 0
    assert "PEIXUN_S3_DOWNLOADS must be “redirect” or “stream”, not “proxy”." in result.stderr


def test_logs_are_one_json_object_a_line_when_asked(tmp_path):
    import json

    result = manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('peixun.probe').warning('Upload of %s refused', 'deck.pptx', "
        "extra={'material': 7})",
        PEIXUN_LOG_FORMAT="json",
        PEIXUN_DATA_DIR=str(tmp_path),
    )
    [line] = [line for line in result.stderr.splitlines() if "peixun.probe" in line]
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"], entry["material"]) == (
        "WARNING",
        "peixun.probe",
        "Upload of deck.pptx refused",
        7,
    )
    assert {"time", "host", "process"} <= set(entry)

    refused = manage("check", PEIXUN_LOG_FORMAT="xml")
    assert "PEIXUN_LOG_FORMAT must be “text” or “json”, not “xml”." in refused.stderr
