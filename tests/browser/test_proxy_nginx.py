"""Proxy mode end to end behind a real nginx (Debian's package), configured as docs/SECURITY.md says:
basic authentication stands in for the site's single sign-on, and the identity headers are set with
proxy_set_header (X-Forwarded-User $remote_user, the groups from a map, X-Forwarded-For
$proxy_add_x_forwarded_for).

nginx runs as a child process of the test, on a free 127.0.0.1 port, with a temporary prefix and
configuration (no root paths). It connects to streamlit from 127.0.0.2 (proxy_bind), the one trusted
proxy in the auth file, so a browser that connects to streamlit directly (from 127.0.0.1) is a different
peer. End users look remote: nginx takes their address from a test header (the realip module), so
X-Forwarded-For carries 203.0.113.x, as it would for a user on the network. Streamlit runs with
FORWARDED_ALLOW_IPS set empty, as the docs say.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import duckdb
import pytest

from bench.server import stop

from .conftest import NAV_LINK, _free_port, dashboard_server, main_text, nav_links, wait_idle

pytestmark = pytest.mark.browser

NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
PROXY_ADDR = "127.0.0.2"  # nginx's side of its connections to streamlit
PASSWORDS = {"somchai": "somchai-pw", "anong": "anong-pw", "malee": "malee-pw"}  # malee: nginx knows her, the dashboard not


def _ssha(password: str) -> str:
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def basic(user: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{PASSWORDS[user]}".encode()).decode()


@pytest.fixture(scope="module")
def province(sample_db) -> tuple[str, str]:
    """The sample's province with the most agencies: (code, Thai name)."""
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return con.execute("SELECT a.province_code, p.name_th FROM agencies a JOIN provinces p USING (province_code) "
                           "GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()
    finally:
        con.close()


@pytest.fixture(scope="module")
def dashboard(sample_db, artifacts, refusing_proxy, province, tmp_path_factory):
    """streamlit in proxy mode, trusting only PROXY_ADDR; its audit log in a file."""
    folder = tmp_path_factory.mktemp("proxy-mode")
    conf = folder / "auth.toml"
    conf.write_text(f'''mode = "proxy"
[proxy]
user_header = "X-Forwarded-User"
groups_header = "X-Forwarded-Groups"
trusted_proxies = ["{PROXY_ADDR}"]
[users."somchai"]
role = "analyst"
provinces = ["{province[0]}"]
[groups."egov-admins"]
role = "administrator"
''', encoding="utf-8")
    audit = folder / "audit.log"
    with dashboard_server(sample_db, artifacts / "streamlit-nginx.log", refusing_proxy, "the proxy-mode dashboard",
                          env={"EGOV_AUTH": str(conf), "EGOV_AUDIT_LOG": str(audit), "FORWARDED_ALLOW_IPS": ""}) as srv:
        srv.audit = audit
        yield srv
    assert "Traceback (most recent call last)" not in srv.log_text(), srv.log_text()[-4000:]


NGINX_CONF = """
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;

    # the test's stand-in for a user on the network: nginx takes their address from this header
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Test-Client-Address;

    # the groups an auth server would return (auth_request_set $groups ... in docs/SECURITY.md)
    map $remote_user $groups {{
        default "";
        anong   "staff,egov-admins";
    }}

    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 200m;
        auth_basic "EGA dashboard";
        auth_basic_user_file {prefix}/htpasswd;

        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_bind {proxy_addr};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_read_timeout 86400;
            proxy_set_header X-Forwarded-User   $remote_user;
            proxy_set_header X-Forwarded-Groups $groups;
            proxy_set_header X-Forwarded-For    $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto  $scheme;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx(dashboard, tmp_path_factory, artifacts):
    """nginx in front of the dashboard: a child process, killed at the end; its URL."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail(f"nginx not found ({NGINX}): run `make browser-deps` (apt-get install nginx)", pytrace=False)
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "htpasswd").write_text("".join(f"{u}:{_ssha(p)}\n" for u, p in PASSWORDS.items()), encoding="utf-8")
    port = _free_port()
    upstream = dashboard.url.rsplit(":", 1)[1]
    # as root, nginx's workers would switch to "nobody", who cannot read a private temporary folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, prefix=prefix, port=port, upstream=upstream, proxy_addr=PROXY_ADDR),
                    encoding="utf-8")
    cmd = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"), "-g", "daemon off;"]
    check = subprocess.run([*cmd, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:  # up when it answers (a 401: no credentials)
            assert proc.poll() is None, (prefix / "error.log").read_text(errors="replace")[-3000:]
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except urllib.error.HTTPError as e:
                assert e.code == 401, e
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
        yield url
    finally:
        stop(proc)
        for name in ("error.log", "access.log"):
            if (prefix / name).exists():
                shutil.copyfile(prefix / name, artifacts / f"nginx-{name}")


def sidebar(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def refused(page) -> bool:
    return "ไม่มีสิทธิ์" in main_text(page) and page.locator(NAV_LINK).count() == 0


def test_the_right_user_through_nginx(nginx, dashboard, header_pages, province):
    """somchai signs in at nginx: the dashboard shows him, as an analyst of his one province, on the
    page the link asked for."""
    page = header_pages({"Authorization": basic("somchai"), "X-Test-Client-Address": "203.0.113.7"})
    page.goto(f"{nginx}/provinces?p={province[0]}")
    wait_idle(page)
    assert "somchai" in sidebar(page) and "นักวิเคราะห์" in sidebar(page), main_text(page)[:300]
    assert "data" not in [link["slug"] for link in nav_links(page)]
    assert province[1] in main_text(page)
    # the group an auth server returns makes an administrator
    page = header_pages({"Authorization": basic("anong"), "X-Test-Client-Address": "203.0.113.8"})
    page.goto(f"{nginx}/")
    wait_idle(page)
    assert "anong" in sidebar(page) and "data" in [link["slug"] for link in nav_links(page)]


def test_spoofed_headers_through_nginx_are_replaced(nginx, dashboard, header_pages):
    """A client's own identity headers never pass nginx: somchai claiming to be anong of egov-admins stays
    somchai the analyst; malee (whom nginx knows, the dashboard not) claiming the same gets no access."""
    spoof = {"X-Forwarded-User": "anong", "X-Forwarded-Groups": "egov-admins", "X-Forwarded-For": PROXY_ADDR,
             "X-Test-Client-Address": "203.0.113.9"}
    page = header_pages({"Authorization": basic("somchai"), **spoof})
    page.goto(f"{nginx}/")
    wait_idle(page)
    assert "somchai" in sidebar(page) and "anong" not in sidebar(page)
    assert "data" not in [link["slug"] for link in nav_links(page)]
    page = header_pages({"Authorization": basic("malee"), **spoof})
    page.goto(f"{nginx}/")
    wait_idle(page)
    assert refused(page), main_text(page)[:300]
    assert "'malee' is not in the user or group tables" in dashboard.audit.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["/", "/_stcore/stream", "/provinces?p=10"])
def test_nginx_refuses_a_client_without_credentials(nginx, path):
    """Identity headers alone open nothing at nginx: 401, before anything reaches streamlit."""
    req = urllib.request.Request(nginx + path, headers={"X-Forwarded-User": "anong", "X-Forwarded-Groups": "egov-admins"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 401 and e.value.headers["WWW-Authenticate"] == 'Basic realm="EGA dashboard"'


def test_a_spoofed_header_sent_straight_to_streamlit_is_refused(dashboard, header_pages):
    """A client that reaches streamlit without nginx (here from 127.0.0.1, not the trusted 127.0.0.2) and
    sends the headers nginx would set gets no access, whatever it says."""
    for headers in ({"X-Forwarded-User": "anong", "X-Forwarded-Groups": "egov-admins"},
                    {"X-Forwarded-User": "somchai", "X-Forwarded-For": PROXY_ADDR}):
        page = header_pages(headers)
        page.goto(f"{dashboard.url}/")
        wait_idle(page)
        assert refused(page), (headers, main_text(page)[:300])
    assert "connection from loopback, not a trusted proxy" in dashboard.audit.read_text(encoding="utf-8")
