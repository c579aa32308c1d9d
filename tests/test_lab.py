"""`make lab`: JupyterLab starts (as root too, as in most containers) and serves the notebooks."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _lab_missing() -> str:
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        return "JupyterLab is not installed (the 'lab' extra: make lab, or pip install -e '.[lab]')"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jupyterlab_starts_serves_the_notebooks_and_stops(tmp_path):
    reason = _lab_missing()
    if reason:
        if os.environ.get("INSIGHT_REQUIRE_LAB") == "1":
            pytest.fail(f"INSIGHT_REQUIRE_LAB=1 but {reason}")
        pytest.skip(reason)
    # the same options as `make lab` (--allow-root: it refused to start as root before)
    make = (ROOT / "Makefile").read_text()
    assert "jupyter lab --allow-root --no-browser --ip=127.0.0.1" in make
    port, token = _free_port(), "insight-test"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", "--ip=127.0.0.1",
                             f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        status = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    status = json.load(r)
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert status is not None, proc.stdout.read().decode(errors="replace")[-2000:]
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
        with urllib.request.urlopen(f"{base}/api/contents/notebooks/data_quality.ipynb?token={token}&content=0",
                                    timeout=10) as r:
            assert json.load(r)["type"] == "notebook"
        with urllib.request.urlopen(f"{base}/api/kernelspecs?token={token}", timeout=10) as r:
            assert "python3" in json.load(r)["kernelspecs"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert proc.returncode is not None
