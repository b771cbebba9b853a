"""`make run`: the server ends its start-up with the demo logins and, last, the address it really serves;
the demo's e-mails are written to files under the data folder."""

import os
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest

from peixun.core.enums import Role
from peixun.demo.management.commands.rundemo import Command as RunDemo
from tests.factories import AcademyFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def environment(**env) -> dict:
    """This machine's environment without Peixun's settings, plus ``env``."""
    return (
        {k: v for k, v in os.environ.items() if not k.startswith("PEIXUN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        | {"PYTHONUNBUFFERED": "1"}
        | env
    )


def manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def bound(command: RunDemo, address: str) -> RunDemo:
    """The command as ``handle`` leaves it for ``address`` (the part of ``runserver`` before it binds)."""
    command.use_ipv6 = False
    command.addr, command.port = address.rsplit(":", 1)
    command._raw_ipv6 = command.addr.startswith("[")
    if command._raw_ipv6:
        command.addr = command.addr[1:-1]
    return command


@pytest.mark.django_db
def test_rundemo_prints_the_demo_logins_and_last_the_address_with_the_port_really_bound(settings):
    settings.DEMO_MODE = True
    UserFactory(username="staff", role=Role.STAFF)
    UserFactory(username="reviewer", role=Role.REVIEWER, academy=AcademyFactory(code="namc", name_en="NAMC"))
    out = StringIO()

    bound(RunDemo(stdout=out, no_color=True), "127.0.0.1:8080").on_bind(8080)

    lines = out.getvalue().rstrip("\n").splitlines()
    table = lines.index("Demo logins (password: peixun-demo)")
    assert lines[table + 1].split() == ["username", "who", "they", "are"]
    assert [line.split()[0] for line in lines[table + 3 : table + 5]] == ["staff", "reviewer"]
    assert lines[table + 3].split(maxsplit=1)[1] == "programme staff"
    assert lines[-1] == "Peixun is running at http://127.0.0.1:8080/"
    assert lines.index("Starting development server at http://127.0.0.1:8080/") < table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("0.0.0.0:8000", "Peixun is running at http://127.0.0.1:8000/ (listening on every address)"),
        ("0:9000", "Peixun is running at http://127.0.0.1:9000/ (listening on every address)"),
        ("[::]:8003", "Peixun is running at http://[::1]:8003/ (listening on every address)"),
        ("[::1]:8001", "Peixun is running at http://[::1]:8001/"),
        ("localhost:8002", "Peixun is running at http://localhost:8002/"),
    ],
)
def test_rundemo_shows_an_address_a_browser_on_this_machine_opens(address, shown):
    out = StringIO()

    command = bound(RunDemo(stdout=out, no_color=True), address)
    command.on_bind(int(command.port))

    assert out.getvalue().rstrip("\n").splitlines()[-1] == shown


@pytest.mark.django_db
def test_rundemo_outside_demo_mode_prints_no_logins(settings):
    settings.DEMO_MODE = False
    UserFactory(username="staff", role=Role.STAFF)
    out = StringIO()

    bound(RunDemo(stdout=out, no_color=True), "127.0.0.1:8000").on_bind(8000)

    assert "Demo logins" not in out.getvalue()
    assert out.getvalue().rstrip("\n").splitlines()[-1] == "Peixun is running at http://127.0.0.1:8000/"


def test_rundemo_serves_at_the_address_it_prints_last(tmp_path):
    """A real server on a free port (port 0): the last line it prints names the port it got, and answers."""
    server = subprocess.Popen(
        [sys.executable, "manage.py", "rundemo", "127.0.0.1:0", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=environment(PEIXUN_DATA_DIR=str(tmp_path), PEIXUN_FONT_DIR=str(tmp_path / "fonts")),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if line.startswith("Peixun is running at "):
                break
        assert lines and lines[-1].startswith("Peixun is running at http://127.0.0.1:"), "\n".join(lines)
        url = lines[-1].removeprefix("Peixun is running at ")
        assert not url.endswith(":0/")
        assert f"Starting development server at {url}" in lines
        with urllib.request.urlopen(url + "verify/", timeout=30) as response:
            assert response.status == 200
            assert "Peixun" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


# Mail goes through the outgoing-mail table (peixun/jobs/outbox.py), so the new data folder's database is
# made first; with no broker the message is then sent in the same process.
SEND = (
    "from django.core.management import call_command; call_command('migrate', verbosity=0); "
    "from django.core.mail import send_mail; "
    "send_mail('Demo notice 演示通知', 'The session moved. 课程已调整。', None, ['lu.zhiming@example.org'])"
)


def test_demo_mode_writes_e_mails_to_files_in_the_data_folder(tmp_path):
    result = manage("shell", "-c", SEND, PEIXUN_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "lu.zhiming@example.org" not in result.stdout  # nothing on the console
    [mail] = (tmp_path / "mail").iterdir()
    text = mail.read_text()
    assert "To: lu.zhiming@example.org" in text
    assert "The session moved. 课程已调整。" in text


def test_development_without_the_demo_prints_e_mails_on_the_console(tmp_path):
    result = manage("shell", "-c", SEND, PEIXUN_DATA_DIR=str(tmp_path), PEIXUN_DEMO="0")

    assert result.returncode == 0, result.stderr
    assert "To: lu.zhiming@example.org" in result.stdout
    assert not (tmp_path / "mail").exists()


def test_an_e_mail_backend_set_in_the_environment_wins_over_the_demo(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PEIXUN_MAIL_DELIVERY_BACKEND)",
        PEIXUN_DATA_DIR=str(tmp_path),
        PEIXUN_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )

    assert result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.smtp.EmailBackend", result.stderr
