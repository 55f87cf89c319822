"""The deployment files an IT department installs, checked by the tools that will read them: Debian's nginx
(`nginx -t`) and systemd (`systemd-analyze verify`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="needs Debian's nginx")
def test_the_shipped_nginx_site_passes_nginx_t_on_debians_nginx(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=profilsamtale.test",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )
    site = (DEPLOY / "nginx" / "profilsamtale.conf").read_text()
    site = site.replace("/etc/nginx/snippets/profilsamtale-proxy.conf", str(DEPLOY / "nginx" / "profilsamtale-proxy.conf"))
    site = site.replace("/etc/ssl/certs/profilsamtale.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/ssl/private/profilsamtale.key", str(tmp_path / "key.pem"))
    site = re.sub(r"listen (\[::\]:)?(80|443)", lambda m: f"listen {m.group(1) or ''}{int(m.group(2)) + 18000}", site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "[warn]" not in result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_the_shipped_systemd_units_pass_systemd_analyze_verify(tmp_path):
    app = tmp_path / "app"
    (app / ".venv" / "bin").mkdir(parents=True)
    for program in ("profiling", "streamlit", "python"):
        executable = app / ".venv" / "bin" / program
        executable.write_text("#!/bin/sh\n")
        executable.chmod(0o755)
    for unit in (DEPLOY / "systemd").iterdir():  # the same files, with the install folder where the test made it
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/profilsamtale", str(app)))
    units = (tmp_path / "profilsamtale-migrate.service", tmp_path / "profilsamtale@8501.service", tmp_path / "profilsamtale-mail.service")
    result = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    text = (DEPLOY / "systemd" / "profilsamtale@.service").read_text()
    assert "ExecStartPost=/opt/profilsamtale/.venv/bin/profiling wait-until-up" in text  # no curl
    assert "StateDirectory=profilsamtale" in text and "DynamicUser=yes" in text  # no useradd
