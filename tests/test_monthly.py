"""`python -m egov monthly --drop DIR --config FILE`: the scheduled job. It loads the drop folder with the
ETL's command line, then sends each province its digest through the relay; a load that does not pass sends
no digest and e-mails the administrators the load's report instead. Every run is in the audit log.
Run as the timer runs it (a child process), on a copy of the sample warehouse, against a local relay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import pytest

from tests.mail_relay import Relay
from tests.test_digest import RECIPIENTS, SENDER, write_config
from tests.test_report import egov, sql

NEW_TICKETS = """Ticket ID,Opened,Closed,Agency Code,Service,Category,Channel
CC-DROP-0001,2016-12-20 09:00:00,,AG00198,GIN,Configuration,Phone
CC-DROP-0002,2016-12-21 10:00:00,,AG00274,MailGoThai,Configuration,Phone
"""


@pytest.fixture(scope="module")
def relay():
    r = Relay().start()
    yield r
    r.stop()


@pytest.fixture
def warehouse(sample_db, tmp_path):
    db = tmp_path / "adoption.duckdb"
    shutil.copy(sample_db, db)
    return db


def digest_of(db, code: str = "65") -> dict:
    """The tickets of province code in December 2016, read from the warehouse directly."""
    end = dt.date(2017, 1, 1)
    (opened,) = sql(db, """SELECT count(*) FROM tickets JOIN agencies USING (agency_id) WHERE province_code = ?
                           AND opened_at >= '2016-12-01' AND opened_at < ?""", [code, end])[0]
    (backlog,) = sql(db, """SELECT count(*) FROM tickets JOIN agencies USING (agency_id) WHERE province_code = ?
                            AND opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)""", [code, end, end])[0]
    return {"opened": opened, "backlog": backlog}


def test_monthly_loads_the_drop_then_sends_the_digests(warehouse, relay, tmp_path):
    before = digest_of(warehouse)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "tickets_2016_12.csv").write_text(NEW_TICKETS, encoding="utf-8")
    config = write_config(tmp_path / "mail.toml", relay.port, recipients={"65": RECIPIENTS["65"]})
    audit = tmp_path / "audit.log"
    sent_before = len(relay.received)
    r = egov("monthly", "--drop", str(drop), "--config", config, "--db", str(warehouse), db=None,
             env={"EGOV_AUDIT_LOG": str(audit)})
    assert r.returncode == 0, r.stderr
    assert "published" in r.stdout and "sent 65" in r.stdout
    after = digest_of(warehouse)
    assert after == {"opened": before["opened"] + 2, "backlog": before["backlog"] + 2}

    (m,) = relay.received[sent_before:]
    assert m.rcpt_tos == RECIPIENTS["65"] and m.mail_from == "dashboard@ega.local"
    msg = m.message
    assert msg["Subject"] == "สรุปประจำเดือน ธ.ค. 2559: จังหวัดพิษณุโลก"
    text = msg.get_body(("plain",)).get_content()
    assert f"รับแจ้ง {after['opened']} เรื่อง · " in text, text
    assert f"ค้าง ณ สิ้นเดือน {after['backlog']} เรื่อง" in text
    (pdf,) = msg.iter_attachments()
    assert pdf.get_filename() == "briefing_65_201612.pdf" and pdf.get_content()[:5] == b"%PDF-"

    log = audit.read_text(encoding="utf-8")
    assert "monthly run: start; drop " in log
    assert f"monthly run: load of {drop} passed (exit 0)" in log
    assert "digest 2016-12 sent through 127.0.0.1:%d for province(s) 65 to 1 recipient(s)" % relay.port in log
    assert "monthly run: done; digests for 2016-12 sent to 1 province(s)" in log


@pytest.mark.parametrize("name, body, load_exit, said", [
    ("mystery.csv", "foo,bar\n1,2\n", 2, "error: {path}: header matches no known kind"),
    # --strict names no row: the check that follows does (file, line, column, value, reason)
    ("tickets_2016_12.csv", NEW_TICKETS.replace("2016-12-21 10:00:00", "วันที่ไม่ชัด"), 1,
     "tickets_2016_12.csv:3  opened_at='วันที่ไม่ชัด': not a date"),
    # five months past the as-of month: flagged by the ETL's impact check, which needs --accept-changes
    ("usage_2017_05.csv", "month,agency_id,service,metric,value\n2017-05-01,AG00198,GIN,traffic_gb,120.5\n", 3,
     "error: the load is flagged ("),
])
def test_a_load_that_does_not_pass_sends_no_digest_and_tells_the_admin(warehouse, relay, tmp_path, name, body,
                                                                      load_exit, said):
    digest_before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / name).write_text(body, encoding="utf-8")
    config = write_config(tmp_path / "mail.toml", relay.port, recipients={"65": RECIPIENTS["65"]},
                          admin=("dba@ega.local", "ops@ega.local"))
    audit = tmp_path / "audit.log"
    sent_before = len(relay.received)
    r = egov("monthly", "--drop", str(drop), "--config", config, "--db", str(warehouse), db=None,
             env={"EGOV_AUDIT_LOG": str(audit)})
    assert r.returncode == 1, r.stderr
    assert f"the load exited {load_exit}: no digest sent; told dba@ega.local, ops@ega.local" in r.stderr
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == digest_before, "the warehouse changed"

    (m,) = relay.received[sent_before:]  # the administrators' message, and no digest
    assert m.rcpt_tos == ["dba@ega.local", "ops@ega.local"]
    msg = m.message
    assert msg["From"] == SENDER
    assert msg["Subject"] == "[แดชบอร์ด สพร.] นำเข้าข้อมูลประจำเดือนไม่ผ่าน: ยังไม่ได้ส่งสรุปประจำเดือน"
    assert list(msg.iter_attachments()) == [] and msg.get_content_type() == "text/plain"
    text = msg.get_content()
    assert f"นำเข้าไฟล์จากโฟลเดอร์ {drop} ไม่ผ่าน (รหัสออก {load_exit})" in text
    assert said.format(path=drop / name) in text
    assert f"python -m etl load {drop} --db {warehouse} --strict --accept-changes" in text

    log = audit.read_text(encoding="utf-8")
    assert (f"WARNING monthly run: load of {drop} exited {load_exit}; no digest sent; "
            "told dba@ega.local, ops@ega.local") in log


def test_a_missing_drop_folder_is_said_and_nothing_is_loaded(warehouse, relay, tmp_path):
    config = write_config(tmp_path / "mail.toml", relay.port, recipients={"65": RECIPIENTS["65"]})
    sent_before = len(relay.received)
    r = egov("monthly", "--drop", str(tmp_path / "nowhere"), "--config", config, "--db", str(warehouse), db=None)
    assert r.returncode == 2
    assert r.stderr.strip().endswith(f"error: {tmp_path / 'nowhere'} is not a folder; told dba@ega.local")
    (m,) = relay.received[sent_before:]
    assert m.rcpt_tos == ["dba@ega.local"]
