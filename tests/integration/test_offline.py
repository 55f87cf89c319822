"""The server asks no outside host anything: Streamlit's external-address lookup is off in the served app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import streamlit_app  # imported as the server imports it (not run as a page)
from streamlit import net_util

def boom(*args, **kwargs):
    raise AssertionError("an outside request: " + repr(args))

net_util._make_blocking_http_get = boom
assert net_util.get_external_ip() is None
print("offline")
"""


def test_the_served_app_never_looks_up_its_external_address():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("offline")


def test_without_it_streamlit_would_ask_an_outside_service():
    """What is switched off, so the test above means something: Streamlit's own lookup goes to amazonaws.com."""
    probe = "from streamlit import net_util\nprint(net_util._AWS_CHECK_IP)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "amazonaws.com" in done.stdout
