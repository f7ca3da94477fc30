"""The monthly digest: each province's e-mail, sent by `python -m egov digest` through a local SMTP relay the
tests start (aiosmtpd; STARTTLS on a self-signed certificate and a login, or a plain relay on localhost),
received and decoded here: the Thai subject, the plain text and HTML bodies and the briefing PDF, byte for
byte. The numbers are the dashboard's (egov/reads/ over the marts), checked against the marts in SQL.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.mail_relay import Relay, self_signed
from tests.test_report import egov, sql

SENDER = "EGA dashboard <dashboard@ega.local>"
MONTH = dt.date(2016, 12, 1)  # the sample's latest month (checked below)
PLACES = {"65": "จังหวัดพิษณุโลก", "74": "จังหวัดสมุทรสาคร", "10": "กรุงเทพมหานคร"}
RECIPIENTS = {"65": ["office@phitsanulok.example"], "74": ["office@samutsakhon.example", "deputy@samutsakhon.example"],
              "10": ["bma@bangkok.example"]}
URL = "https://dashboard.ega.local/"


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_relay(cert):
    relay = Relay(tls=cert, users={"dashboard": "ลับ-s3cret"}).start()
    yield relay
    relay.stop()


@pytest.fixture(scope="module")
def plain_relay():
    relay = Relay().start()
    yield relay
    relay.stop()


def write_config(path, port: int, *, recipients=RECIPIENTS, lang="th", tls_cert=None, password: str | None = None,
                 admin=("dba@ega.local",)) -> str:
    lines = ["[smtp]", 'host = "localhost"' if tls_cert else 'host = "127.0.0.1"', f"port = {port}"]
    if tls_cert:
        lines += ["starttls = true", f'cafile = "{tls_cert}"']
    if password is not None:
        pw = path.parent / f"{path.stem}.password"
        pw.write_text(password + "\n", encoding="utf-8")
        lines += ['username = "dashboard"', f'password_file = "{pw}"']
        if not tls_cert:
            lines.append("allow_plain_login = true")
    lines += ["", "[mail]", f'sender = "{SENDER}"', "admin = [" + ", ".join(f'"{a}"' for a in admin) + "]",
              f'lang = "{lang}"', f'dashboard_url = "{URL}"', "", "[recipients]"]
    lines += [f'"{k}" = [' + ", ".join(f'"{a}"' for a in v) + "]" for k, v in recipients.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def expected(code: str, lang: str = "th", attachment: bool = True) -> tuple[str, str, str]:
    """(subject, text, html) as the library writes them (the caller has pointed EGOV_DB at the sample)."""
    from egov import digest

    d = digest.gather(code, MONTH)
    c = digest.content(d, lang, f"briefing_{code}_{MONTH:%Y%m}.pdf" if attachment else None, URL)
    return c["subject"], digest.render_text(c), digest.render_html(c)


_PDF_TIME = re.compile(rb"\(D:\d{14}[^)]*\)")


@pytest.fixture(scope="module")
def sent(sample_db, tls_relay, cert, tmp_path_factory):
    """`python -m egov digest --config mail.toml`: three provinces over STARTTLS with a login."""
    (latest,) = sql(sample_db, "SELECT max(month) FROM mart_adoption_monthly")[0]
    assert latest == MONTH
    tmp = tmp_path_factory.mktemp("digest")
    config = write_config(tmp / "mail.toml", tls_relay.port, tls_cert=cert[0],
                          password="ลับ-s3cret")
    before = len(tls_relay.received)
    r = egov("digest", "--config", config, db=sample_db)
    return r, tls_relay.received[before:], tmp


def test_each_province_receives_its_digest_over_starttls(sent):
    r, got, _ = sent
    assert r.returncode == 0, r.stderr
    assert sorted(r.stdout.split("\n")[:-1]) == ["sent 10", "sent 65", "sent 74"]
    assert len(got) == 3
    by_to = {tuple(m.rcpt_tos): m for m in got}
    assert set(by_to) == {tuple(v) for v in RECIPIENTS.values()}
    for m in got:
        assert m.mail_from == "dashboard@ega.local"
        assert m.tls and m.login == "dashboard"


def test_thai_subject_bodies_and_pdf_arrive_intact(sent, use_sample_db, sample_db, tmp_path):
    _, got, _ = sent
    by_code = {code: next(m for m in got if m.rcpt_tos == RECIPIENTS[code]) for code in RECIPIENTS}
    for code, m in by_code.items():
        msg = m.message
        subject, text, html = expected(code)
        assert msg["Subject"] == subject == f"สรุปประจำเดือน ธ.ค. 2559: {PLACES[code]}"
        assert msg["From"] == SENDER and msg["To"] == ", ".join(RECIPIENTS[code])
        assert msg.get_body(("plain",)).get_content() == text
        assert msg.get_body(("html",)).get_content() == html
        assert msg.get_body(("plain",)).get_content_charset() == "utf-8"
        (pdf,) = list(msg.iter_attachments())
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_filename() == f"briefing_{code}_201612.pdf"
        assert pdf.get_content()[:5] == b"%PDF-"
        assert all(len(line) <= 998 for line in m.data.split(b"\r\n")), "an SMTP line over 998 octets"
    # the attachment is the briefing `python -m egov report` prints, byte for byte but for the print time
    r = egov("report", "--province", "74", "--format", "pdf", "--out", str(tmp_path), db=sample_db)
    assert r.returncode == 0, r.stderr
    made = (tmp_path / "briefing_74_201612.pdf").read_bytes()
    attached = next(by_code["74"].message.iter_attachments()).get_content()
    assert _PDF_TIME.sub(b"()", attached) == _PDF_TIME.sub(b"()", made)


def test_digest_numbers_are_the_marts(sent, sample_db):
    """What the e-mail says, against the marts and core tables read directly."""
    _, got, _ = sent
    text = next(m for m in got if m.rcpt_tos == RECIPIENTS["74"]).message.get_body(("plain",)).get_content()
    rows = sql(sample_db, """SELECT service_code, sum(adopted) FILTER (WHERE month = ?), sum(eligible) FILTER (WHERE month = ?)
                             FROM mart_adoption_monthly WHERE province_code = '74' GROUP BY ALL""", [MONTH, MONTH])
    short = {"GIN": "GIN", "GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}
    for service, adopted, eligible in rows:
        rate = f"{adopted / eligible * 100:.1f}%"
        assert f"- {short[service]}: {adopted:,} จาก {eligible:,} · {rate} · " in text, (service, text)
    new = sql(sample_db, """SELECT a.agency_name, u.service_code FROM mart_underused u JOIN agencies a USING (agency_id)
                            WHERE u.month = ? AND u.province_code = '74' AND NOT EXISTS (
                              SELECT 1 FROM mart_underused v WHERE v.month = ? AND v.agency_id = u.agency_id
                              AND v.service_code = u.service_code)""", [MONTH, dt.date(2016, 11, 1)])
    assert len(new) == 1
    assert "เดือนนี้ 1 รายการ (หน่วยงาน × บริการ)" in text
    assert f"- {new[0][0]} · {short[new[0][1]]} · " in text
    (opened,) = sql(sample_db, """SELECT count(*) FROM tickets t JOIN agencies a USING (agency_id)
                                  WHERE a.province_code = '74' AND opened_at >= ? AND opened_at < ?""",
                    [MONTH, dt.date(2017, 1, 1)])[0]
    (backlog,) = sql(sample_db, """SELECT count(*) FROM tickets t JOIN agencies a USING (agency_id)
                                   WHERE a.province_code = '74' AND opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)""",
                     [dt.date(2017, 1, 1), dt.date(2017, 1, 1)])[0]
    assert f"รับแจ้ง {opened} เรื่อง · " in text and f"ค้าง ณ สิ้นเดือน {backlog} เรื่อง" in text
    n, mean = sql(sample_db, """SELECT count(*), avg(satisfaction) FROM feedback WHERE province_code = '74'
                                AND response_date >= ? AND response_date < ?""", [dt.date(2016, 1, 1), dt.date(2017, 1, 1)])[0]
    assert f"คะแนนเฉลี่ย {mean:.2f} จาก 5" in text and f"ผู้ตอบ {n} ราย" in text


def test_digest_in_english_through_a_plain_local_relay(sample_db, plain_relay, tmp_path, use_sample_db):
    config = write_config(tmp_path / "mail.toml", plain_relay.port, recipients={"Phitsanulok": RECIPIENTS["65"]},
                          lang="en")
    before = len(plain_relay.received)
    r = egov("digest", "--config", config, "--no-attachment", db=sample_db)
    assert r.returncode == 0, r.stderr
    (m,) = plain_relay.received[before:]
    assert not m.tls and m.login is None and m.rcpt_tos == RECIPIENTS["65"]
    subject, text, html = expected("65", "en", attachment=False)
    assert m.message["Subject"] == subject == "Monthly digest, Dec 2016: Phitsanulok"
    assert m.message.get_body(("plain",)).get_content() == text
    assert m.message.get_body(("html",)).get_content() == html
    assert list(m.message.iter_attachments()) == []


def test_dry_run_writes_the_messages_and_sends_nothing(sample_db, tls_relay, cert, tmp_path, use_sample_db):
    config = write_config(tmp_path / "mail.toml", tls_relay.port, tls_cert=cert[0], password="ลับ-s3cret")
    before = len(tls_relay.received)
    out = tmp_path / "eml"
    r = egov("digest", "--config", config, "--province", "65", "--province", "สมุทรสาคร", "--no-attachment",
             "--dry-run", str(out), db=sample_db)
    assert r.returncode == 0, r.stderr
    assert len(tls_relay.received) == before
    assert sorted(p.name for p in out.iterdir()) == ["digest_65_201612.eml", "digest_74_201612.eml"]
    import email
    import email.policy

    msg = email.message_from_bytes((out / "digest_74_201612.eml").read_bytes(), policy=email.policy.default)
    subject, text, _ = expected("74", attachment=False)
    assert msg["Subject"] == subject and msg["To"] == ", ".join(RECIPIENTS["74"])
    assert msg.get_body(("plain",)).get_content() == text


def test_a_refused_login_sends_nothing(sample_db, tls_relay, cert, tmp_path):
    config = write_config(tmp_path / "mail.toml", tls_relay.port, tls_cert=cert[0], password="wrong")
    before = len(tls_relay.received)
    r = egov("digest", "--config", config, "--no-attachment", db=sample_db)
    assert r.returncode == 2
    assert r.stderr.startswith("error: localhost:%d: SMTPAuthenticationError" % tls_relay.port), r.stderr
    assert len(tls_relay.received) == before
    assert ("dashboard", False) in tls_relay.logins


def test_an_untrusted_certificate_is_refused(sample_db, tls_relay, cert, tmp_path):
    """STARTTLS verifies the relay: without its CA (cafile) the system's CAs do not know a self-signed cert."""
    config = write_config(tmp_path / "mail.toml", tls_relay.port, tls_cert=cert[0], password="ลับ-s3cret")
    text = (tmp_path / "mail.toml").read_text(encoding="utf-8")
    (tmp_path / "mail.toml").write_text(re.sub(r"cafile = .*\n", "", text), encoding="utf-8")
    before = len(tls_relay.received)
    r = egov("digest", "--config", config, "--no-attachment", db=sample_db)
    assert r.returncode == 2 and "CERTIFICATE_VERIFY_FAILED" in r.stderr, r.stderr
    assert len(tls_relay.received) == before


def test_html_escapes_every_value_from_the_data():
    """An agency or province name is data: it never becomes markup in the e-mail."""
    from egov import digest

    evil = '<img src=x onerror="alert(1)">&amp; <b>ชื่อ</b>'
    d = digest.Digest("65", evil, evil, MONTH, dt.date(2016, 11, 1), sample=False,
                      services=[digest.ServiceRow("GIN", 10, 5, 0.5, 0.4, 4)],
                      newly_underused=[digest.Underused("AG1", evil, "GIN", dt.date(2016, 10, 1))], underused_total=1,
                      satisfaction_month=digest.Satisfaction(0, None, None, True),
                      satisfaction_year=digest.Satisfaction(12, 4.25, 0.75, False), year_start=dt.date(2016, 1, 1))
    c = digest.content(d, "th", "briefing_65_201612.pdf", URL)
    html = digest.render_html(c)
    assert "<img" not in html and "<b>ชื่อ" not in html
    assert html.count("&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&amp;amp; &lt;b&gt;ชื่อ&lt;/b&gt;") == 3  # title, subject, row
    assert "<td style=\"padding:4px 8px; border-bottom:1px solid #D5DADF;\">+10.0 จุด (+1 หน่วยงาน)</td>" in html
    assert "คะแนนเฉลี่ย 4.25 จาก 5 · พอใจมาก (4–5) 75% · ผู้ตอบ 12 ราย" in html


@pytest.mark.parametrize("body, message", [
    ('[mail]\nsender = "a@b.c"\n', "[smtp] host is required"),
    ('[smtp]\nhost = "h"\nport = 70000\n[mail]\nsender = "a@b.c"\n', "[smtp] port must be a number from 1 to 65535"),
    ('[smtp]\nhost = "h"\npassword = "x"\n[mail]\nsender = "a@b.c"\n', "[smtp] password does not belong in this file"),
    ('[smtp]\nhost = "h"\nusername = "u"\n[mail]\nsender = "a@b.c"\n', "[smtp] username 'u' has no password"),
    ('[smtp]\nhost = "h"\n[mail]\nsender = "not an address"\n', "[mail] sender must be an e-mail address"),
    ('[smtp]\nhost = "h"\n[mail]\nsender = "a@b.c"\n[recipients]\n"Atlantis" = ["a@b.c"]\n',
     "[recipients] 'Atlantis' is not a province"),
    ('[smtp]\nhost = "h"\n[mail]\nsender = "a@b.c"\n[recipients]\n"65" = ["a@b.c", "oops"]\n',
     "[recipients] '65': 'oops' is not an e-mail address"),
    ('[smtp]\nhost = "h"\n[mail]\nsender = "a@b.c"\nlang = "fr"\n', '[mail] lang must be "th" or "en"'),
    ('[smtp\n', "not valid TOML"),
])
def test_mail_configuration_refusals(tmp_path, monkeypatch, body, message):
    from egov import mailer

    monkeypatch.delenv(mailer.PASSWORD_ENV, raising=False)
    path = tmp_path / "mail.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(mailer.Invalid) as e:
        mailer.load(path)
    assert str(e.value).startswith(f"{path}: {message}"), str(e.value)


def test_login_without_tls_must_be_allowed_explicitly(tmp_path, monkeypatch):
    from egov import mailer

    monkeypatch.setenv(mailer.PASSWORD_ENV, "pw")
    path = tmp_path / "mail.toml"
    path.write_text('[smtp]\nhost = "h"\nusername = "u"\n[mail]\nsender = "a@b.c"\n', encoding="utf-8")
    with pytest.raises(mailer.Invalid, match="a login without STARTTLS sends the password in clear"):
        mailer.load(path)
    path.write_text('[smtp]\nhost = "h"\nusername = "u"\nallow_plain_login = true\n[mail]\nsender = "a@b.c"\n'
                    '[recipients]\n"จ.พิษณุโลก" = "Office <o@p.example>"\n', encoding="utf-8")
    cfg = mailer.load(path)
    assert (cfg.smtp.username, cfg.smtp.password, cfg.recipients) == ("u", "pw", {"65": ("o@p.example",)})


def test_the_example_configuration_loads(monkeypatch):
    from pathlib import Path

    from egov import mailer, monthly

    monkeypatch.delenv(mailer.PASSWORD_ENV, raising=False)
    path = Path(__file__).resolve().parents[1] / "deploy" / "mail.example.toml"
    cfg = mailer.load(path)
    assert (cfg.smtp.host, cfg.smtp.port, cfg.smtp.starttls, cfg.smtp.username) == ("relay.ega.local", 587, True, None)
    assert cfg.recipients == {"64": ("office@sukhothai.example", "deputy@sukhothai.example"),
                              "65": ("office@phitsanulok.example",)}
    assert monthly.load_options(path) == (True, [])


def test_the_digest_words_are_thai_and_english_with_the_same_placeholders():
    import string

    from egov import digest, i18n, monthly  # noqa: F401 - they register their labels

    keys = [k for k in i18n.LABELS if k.startswith(("dg.", "mo."))]
    assert len(keys) > 30
    for key in keys:
        th, en = i18n.LABELS[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(x) if f} for x in (th, en)]
        assert fields[0] == fields[1], key
        assert re.search(r"[\u0E00-\u0E7F]", th), key


def test_a_hostile_warehouse_digest_carries_its_payloads_as_text(tmp_path):
    """The real ETL's hostile warehouse (agency names full of markdown and HTML that would fetch or link):
    the digest of a month in which such an agency became underused shows the name as text, in the HTML
    (escaped: no element of the payload's) and in the plain text (as written)."""
    import html as html_lib
    from html.parser import HTMLParser

    from tests import hostile_warehouse as hw

    host = "127.0.0.1:9"
    db = tmp_path / "hostile.duckdb"
    assert hw.build(db, host).published
    month, name = sql(db, """SELECT u.month, a.agency_name FROM mart_underused u JOIN agencies a USING (agency_id)
                             WHERE u.province_code = '65' AND u.idle_months = 3 ORDER BY u.month LIMIT 1""")[0]
    assert hw.payload("an", host) in name
    config = write_config(tmp_path / "mail.toml", 9, recipients={"65": RECIPIENTS["65"]})
    r = egov("digest", "--config", config, "--month", f"{month:%Y-%m}", "--no-attachment", "--dry-run",
             str(tmp_path / "out"), db=db)
    assert r.returncode == 0, r.stderr
    import email
    import email.policy

    msg = email.message_from_bytes((tmp_path / "out" / f"digest_65_{month:%Y%m}.eml").read_bytes(),
                                   policy=email.policy.default)
    body = msg.get_body(("html",)).get_content()
    tags: list[tuple[str, dict]] = []
    texts: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            texts.append(data)

    Tags().feed(body)
    assert not [t for t in tags if t[0] in ("img", "span", "script", "iframe")]
    assert [t[1]["href"] for t in tags if t[0] == "a"] == [URL]  # the configured dashboard link only
    assert all("font-size:90px" not in (a.get("style") or "") for _, a in tags)
    assert name in texts, "the name is not one text node of the HTML, as written"
    assert "<img" not in body and html_lib.escape("<img src=", quote=False) in body
    plain = msg.get_body(("plain",)).get_content().splitlines()
    from egov import i18n

    short = {"GIN": "GIN", "GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}
    rows = sql(db, """SELECT u.service_code, u.idle_since FROM mart_underused u JOIN agencies a USING (agency_id)
                      WHERE u.month = ? AND a.agency_name = ? AND u.idle_months = 3""", [month, name])
    assert rows
    assert sorted(line for line in plain if name in line) == sorted(
        f"- {name} · {short[c]} · ไม่ได้ใช้งานตั้งแต่ {i18n.fmt_month(since, 'th')}" for c, since in rows)
