"""``send_compliance_alerts``: one bilingual e-mail per unit contact, about their officials behind on training."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from tests.factories import OfficialFactory, OrganisationFactory, UserFactory

from .conftest import D, credit


@pytest.fixture
def people(world):
    """In the Hangzhou unit 王伟 is at risk (five-year rule), 张敏 has met both rules and 刘洋 is short;
    in the Suzhou unit 李娜 is on track."""
    credit(world.official, D(2027, 2, 1), 50)
    met = OfficialFactory(name_zh="张敏", sending_unit=world.unit)
    credit(met, D(2027, 1, 10), 560)
    OfficialFactory(name_zh="刘洋", sending_unit=world.unit, service_began=D(2022, 7, 1))
    credit(world.other_official, D(2025, 6, 1), 280)
    credit(world.other_official, D(2027, 2, 1), 50)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_compliance_alerts", "--as-of", "2027-06-15", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_email_per_contact_whose_unit_has_officials_behind(world, people):
    out, _err = run()
    assert [m.to for m in mail.outbox] == [["nominator@example.org"]]
    assert "Sent 1 alert(s) for 2027-06-15. 1 contact(s) have nobody behind on training." in out


def test_the_email_lists_only_officials_at_risk_or_short_with_their_figures(world, people):
    run()
    (message,) = mail.outbox
    english = message.body.split("————————")[1]
    assert "张敏" not in message.body and "李娜" not in message.body
    assert (
        "Wáng Wěi (王伟)\n  - Five-year training (1 Jan 2025 – 31 Dec 2029), At risk: "
        "50 of 550 class hours done, 500 still needed (66.67 days)\n"
    ) in english
    assert "Yearly training, On track" not in english  # 王伟's yearly rule is fine
    assert (
        "Liú Yáng (刘洋)\n"
        "  - Yearly training (1 Jan 2027 – 31 Dec 2027), At risk: 0 of 90 class hours done, 90 still needed (12 days)\n"
        "  - Five-year training (1 Jul 2022 – 30 Jun 2027), Short: 0 of 550 class hours done, 550 still needed"
    ) in english


def test_the_email_is_in_chinese_first_then_english(world, people):
    run()
    (message,) = mail.outbox
    chinese, english = message.body.split("————————")
    assert "杭州市人民政府" in message.subject.split(" / ")[0]
    assert "Hangzhou Municipal Government" in message.subject.split(" / ")[1]
    assert "王伟" in chinese and "五年培训" in chinese and "Wáng Wěi" not in chinese
    assert "Five-year training" in english and "五年培训" not in english


def test_a_dry_run_prints_the_emails_and_sends_nothing(world, people):
    out, _err = run("--dry-run")
    assert mail.outbox == []
    assert "To: nominator@example.org (nominator, Hangzhou Municipal Government)" in out
    assert "Liú Yáng (刘洋)" in out
    assert "Would send 1 alert(s)" in out
    assert not AuditEvent.objects.filter(action="records.compliance_alert").exists()


def test_a_contact_is_alerted_once_a_day_unless_forced(world, people):
    run()
    out, _err = run()
    assert len(mail.outbox) == 1
    assert "Sent 0 alert(s)" in out and "Already alerted today (use --force to send again): nominator." in out
    run("--force")
    assert len(mail.outbox) == 2
    events = AuditEvent.objects.filter(action="records.compliance_alert", object_id=str(world.users["nominator"].pk))
    assert events.count() == 2
    assert events.first().changes["as_of"] == [None, "2027-06-15"]


def test_contacts_without_an_email_address_are_reported(world, people):
    unit = OrganisationFactory(name_en="Ningbo Municipal Government", name_zh="宁波市人民政府")
    UserFactory(username="ningbo", role=Role.UNIT_CONTACT, sending_unit=unit, email="")
    OfficialFactory(sending_unit=unit)
    _out, err = run()
    assert "No e-mail address, not alerted: ningbo (Ningbo Municipal Government)." in err
    assert [m.to for m in mail.outbox] == [["nominator@example.org"]]


def test_every_contact_of_a_unit_gets_their_own_email(world, people):
    UserFactory(username="second", role=Role.UNIT_CONTACT, sending_unit=world.unit)
    run()
    assert sorted(m.to[0] for m in mail.outbox) == ["nominator@example.org", "second@example.org"]


def test_as_of_judges_another_day(world, people):
    # On the last day of 2026 nobody in Suzhou had trained that year either: 李娜 was short.
    run("--as-of", "2026-12-31")
    assert sorted(m.to[0] for m in mail.outbox) == ["nominator@example.org", "other_nominator@example.org"]


def test_many_units_show_progress_on_stderr(world, people):
    for _ in range(20):
        UserFactory(role=Role.UNIT_CONTACT, sending_unit=OrganisationFactory())
    _out, err = run("--dry-run")
    assert "Units' contacts: 22/22" in err


def test_a_failed_send_is_reported_and_the_others_still_go(world, people, monkeypatch):
    UserFactory(username="second", role=Role.UNIT_CONTACT, sending_unit=world.unit)
    from peixun.records.management.commands import send_compliance_alerts as command

    real = command.send_mail

    def flaky(subject, body, sender, recipients):
        if recipients == ["nominator@example.org"]:
            raise OSError("connection refused")
        return real(subject, body, sender, recipients)

    monkeypatch.setattr(command, "send_mail", flaky)
    with pytest.raises(CommandError):
        run()
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert AuditEvent.objects.filter(action="records.compliance_alert").count() == 1
