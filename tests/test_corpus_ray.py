"""`tqa corpus --executor ray` on a real Ray cluster of its own: a head and a second worker node
started with `ray start` on free localhost ports. A run loses the worker node mid-way (SIGKILL to
its raylet and workers) and must still finish with every document once, byte-identical to the
local executor. Skips when Ray is not installed (`pip install 'tqa[ray]'`: Ray core; Ray Data is not used)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("ray")

from test_corpus import articles, invoke, shard_bytes, shard_rows, write_jsonl  # noqa: E402

RAY = shutil.which("ray", path=str(Path(sys.executable).parent)) or shutil.which("ray")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """One `ray start --block` in its own session: killing its process group and the workers its
    raylet started (they carry RAY_RAYLET_PID) removes the node and nothing else."""

    def __init__(self, args: list[str], log: Path, env: dict):
        self.log = log
        self.proc = subprocess.Popen([RAY, "start", *args, "--block", "--disable-usage-stats"], stdout=log.open("wb"),
                                     stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def wait_started(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"Ray runtime started" in self.log.read_bytes():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        raise RuntimeError(f"ray start did not come up: {self.log.read_text(errors='replace')[-2000:]}")

    def _pids(self) -> tuple[set[int], set[int]]:
        group, raylets = set(), set()
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    if os.getpgid(int(d.name)) == self.proc.pid:
                        group.add(int(d.name))
                        if (d / "comm").read_text().strip() == "raylet":
                            raylets.add(int(d.name))
                except (OSError, ProcessLookupError):
                    pass
        workers = set()
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    env = (d / "environ").read_bytes().split(b"\0")
                except OSError:
                    continue
                if any(e.startswith(b"RAY_RAYLET_PID=") and e.split(b"=", 1)[1].isdigit()
                       and int(e.split(b"=", 1)[1]) in raylets for e in env):
                    workers.add(int(d.name))
        return group, workers

    def kill(self) -> None:
        group, workers = self._pids()
        for pid in group | workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass


@pytest.fixture(scope="module")
def cluster():
    if RAY is None:
        pytest.skip("the ray command is not installed")
    tmp = Path(tempfile.mkdtemp(prefix="tqa-ray-", dir="/tmp"))  # short: Ray's socket paths must fit
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("RAY_ADDRESS", None)
    env.pop("TQA_ALLOW_SPECIAL_FILES", None)  # the nodes' own environment: the driver's flag must reach them itself
    port = _free_port()
    head = Node(["--head", "--port", str(port), "--num-cpus", "1", "--include-dashboard", "false",
                 "--temp-dir", str(tmp), "--node-manager-port", str(_free_port()),
                 "--object-manager-port", str(_free_port())], tmp / "head.log", env)
    nodes = [head]
    try:
        head.wait_started()
        worker = Node(["--address", f"127.0.0.1:{port}", "--num-cpus", "1", "--node-manager-port", str(_free_port()),
                       "--object-manager-port", str(_free_port())], tmp / "worker.log", env)
        nodes.append(worker)
        worker.wait_started()
        yield {"address": f"127.0.0.1:{port}", "head": head, "worker": worker, "env": env}
    finally:
        for n in reversed(nodes):
            n.kill()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("named_by", ["flag", "config"])
def test_back_translation_runs_in_its_own_actor_pool_and_equals_the_local_executor(cluster, tmp_path, tiny_marian,
                                                                                   named_by):
    """With --model, or the model named only in the config's [backtranslation] table, a
    translator actor (one CPU here: the cluster has no GPU) loads the model and serves the
    auditing actor; per-document results are byte-identical to the local pool.
    (Runs before the node-killing test, which leaves the cluster one CPU.)"""
    import uuid

    nonce = uuid.uuid4().hex[:8]  # texts no translation cache on this machine has seen
    rows = [{"id": f"d{i}", "text": f"Report {nonce} number {i}.\n\nThe talks in Geneva lasted {i + 2} hours.",
             "lang": "en", "source_lang": "ru"} for i in range(4)]
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    common = ["--batch-size", "2", "--no-progress"]
    if named_by == "flag":
        common += ["--model", str(tiny_marian)]
    else:
        (tmp_path / "tqa.toml").write_text(f'[backtranslation]\nmodel = "{tiny_marian}"\n', encoding="utf-8")
        common += ["--config", str(tmp_path / "tqa.toml")]
    env = {**cluster["env"], "TQA_CACHE_DIR": str(tmp_path / "driver-cache")}
    local = subprocess.run([sys.executable, "-m", "audit", "corpus", str(src), "-o", str(tmp_path / "local"), "-j", "1",
                            *common], capture_output=True, env=env, timeout=300)
    assert local.returncode in (0, 1), local.stderr.decode(errors="replace")[-2000:]
    ray_run = subprocess.run([sys.executable, "-m", "audit", "corpus", str(src), "-o", str(tmp_path / "ray"),
                              "--executor", "ray", "--address", cluster["address"], "--bt-actors", "1", "--actors", "1",
                              *common], capture_output=True, env=env, timeout=300)
    err = ray_run.stderr.decode(errors="replace")
    assert ray_run.returncode == local.returncode, err[-3000:]
    assert "back-translation: 1 translator actor(s) on cpu for 1 auditing actor(s)" in err, err[-2000:]
    served = int(err.split(" texts from ")[0].rsplit(" ", 1)[1])
    assert served >= len(rows)  # the pool translated every document's segments (none was cached)
    assert shard_bytes(tmp_path / "ray") == shard_bytes(tmp_path / "local")
    for d in shard_rows(tmp_path / "ray", "documents"):
        assert not any(n.startswith("back-translation skipped") for n in d["notices"]), d["notices"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_allow_special_files_reaches_the_ray_actors(cluster, tmp_path):
    """--allow-special-files set TQA_ALLOW_SPECIAL_FILES in the driver only, so an actor (its
    node's environment) refused the FIFO of a directory corpus; the job now carries it."""
    from test_special_files_flag import TEXT, write_later

    tree = tmp_path / "tree"
    tree.mkdir()
    fifo = tree / "piped.en.txt"
    os.mkfifo(fifo)
    (tree / "plain.en.txt").write_text(TEXT, encoding="utf-8")
    writer = write_later(fifo, TEXT)
    res = subprocess.run([sys.executable, "-m", "audit", "corpus", str(tree), "-o", str(tmp_path / "out"), "--executor",
                          "ray", "--address", cluster["address"], "--actors", "1", "--no-progress", "-f", "json",
                          "--allow-special-files"], capture_output=True, text=True, env=cluster["env"], timeout=300)
    writer.join(5)
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    summary = json.loads(res.stdout)
    assert summary["counts"]["documents"] == 2 and summary["counts"]["error"] == 0
    assert summary["words"] == 2 * len(TEXT.split())  # the FIFO's text came through, in the actor


def test_ray_run_survives_a_lost_worker_node_and_equals_the_local_executor(cluster, tmp_path):
    rows = articles(60)
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    local = tmp_path / "local"
    r = invoke(str(src), "-o", str(local), "--batch-size", "2", "-j", "1", "--no-progress")
    assert r.exit_code == 1, r.output

    out = tmp_path / "ray"
    proc = subprocess.Popen([sys.executable, "-m", "audit", "corpus", str(src), "-o", str(out), "--batch-size", "2",
                             "--executor", "ray", "--address", cluster["address"], "--actors", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cluster["env"])
    deadline = time.monotonic() + 240
    killed_at = None
    while time.monotonic() < deadline and proc.poll() is None:
        done = len(list((out / "done").glob("*.json"))) if (out / "done").is_dir() else 0
        if done >= 4:
            cluster["worker"].kill()  # the second node dies with its actor mid-run
            killed_at = done
            break
        time.sleep(0.05)
    stdout, stderr = proc.communicate(timeout=300)
    assert killed_at is not None and killed_at < 30, "the run ended before the worker node could be killed"
    assert proc.returncode == 1, stderr.decode(errors="replace")[-3000:]
    assert b"Traceback" not in stderr
    assert shard_bytes(out) == shard_bytes(local)
    assert [d["id"] for d in shard_rows(out, "documents")] == [row["id"] for row in rows]
    assert b"60 document(s)" in stdout
    assert json.loads((out / "summary.json").read_bytes()) == json.loads((local / "summary.json").read_bytes())
