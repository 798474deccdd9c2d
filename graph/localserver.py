"""A real Neo4j 5.26 Community for machines without Docker (development, tests, ``make demo``).

The Maven project in ``neo4j-local/`` pins the same Neo4j version as docker-compose.yml and
holds a small Java launcher (``LocalNeo4j``) that starts an embedded DBMS with Bolt on
127.0.0.1. This module builds it (``mvn package``, once), starts it as a detached process,
waits until Bolt answers, and stops it with SIGTERM (clean shutdown).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from neo4j import GraphDatabase
from neo4j import exceptions as nx

PROJECT_DIR = Path(__file__).resolve().parents[1] / "neo4j-local"
MAIN_CLASS = "org.cgintel.neo4j.LocalNeo4j"
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
)


class LocalServerError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class ServerConfig:
    home: Path
    uri: str
    user: str
    password: str
    heap_mb: int = 1024
    pagecache_mb: int = 512

    @property
    def host(self) -> str:
        return urlparse(self.uri).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlparse(self.uri).port or 7687

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "neo4j.log"


def _classpath() -> str:
    target = PROJECT_DIR / "target"
    jar = target / "neo4j-local-1.0.0.jar"
    cp_file = target / "classpath.txt"
    sources = [PROJECT_DIR / "pom.xml", *PROJECT_DIR.glob("src/**/*.java")]
    stale = not jar.exists() or not cp_file.exists()
    if not stale:
        built = min(jar.stat().st_mtime, cp_file.stat().st_mtime)
        stale = any(s.stat().st_mtime > built for s in sources)
    if stale:
        proc = subprocess.run(
            ["mvn", "-q", "-B", "package", "-f", str(PROJECT_DIR / "pom.xml")],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise LocalServerError(
                f"building the Neo4j launcher failed:\n{proc.stdout}{proc.stderr}"
            )
    return f"{jar}{os.pathsep}{cp_file.read_text().strip()}"


def running_pid(cfg: ServerConfig) -> int | None:
    try:
        pid = int(cfg.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def bolt_ready(cfg: ServerConfig, *, timeout_s: float = 2.0) -> bool:
    try:
        with GraphDatabase.driver(
            cfg.uri, auth=(cfg.user, cfg.password), connection_timeout=timeout_s
        ) as driver:
            driver.verify_connectivity()
        return True
    except (nx.ServiceUnavailable, nx.SessionExpired, OSError, nx.DriverError, nx.AuthError):
        # AuthError: Bolt is up but the launcher has not set the password yet.
        return False


def start(cfg: ServerConfig, *, wait_s: float = 180.0) -> int:
    """Start the server if needed; return its pid once Bolt answers."""
    if len(cfg.password) < 8:
        raise LocalServerError("NEO4J_PASSWORD must have at least 8 characters")
    pid = running_pid(cfg)
    log_offset = 0
    proc: subprocess.Popen[bytes] | None = None
    if pid is None and _port_in_use(cfg.host, cfg.port):
        raise LocalServerError(
            f"port {cfg.port} on {cfg.host} is already in use by another process "
            f"(another Neo4j?): stop it or set NEO4J_URI to a free port"
        )
    if pid is None:
        cfg.home.mkdir(parents=True, exist_ok=True)
        log_offset = cfg.log_file.stat().st_size if cfg.log_file.exists() else 0
        cmd = [
            "java",
            f"-Xms{min(256, cfg.heap_mb)}m",
            f"-Xmx{cfg.heap_mb}m",
            *JVM_FLAGS,
            "-cp",
            _classpath(),
            MAIN_CLASS,
            "--data",
            str(cfg.home.resolve()),
            "--host",
            cfg.host,
            "--port",
            str(cfg.port),
            "--pagecache-mb",
            str(cfg.pagecache_mb),
        ]
        env = {**os.environ, "NEO4J_PASSWORD": cfg.password}
        with cfg.log_file.open("ab") as log:
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        cfg.pid_file.write_text(str(proc.pid))
        pid = proc.pid
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        exited = proc is not None and proc.poll() is not None
        if exited or running_pid(cfg) is None:
            cfg.pid_file.unlink(missing_ok=True)
            tail = cfg.log_file.read_text(errors="replace")[-3000:]
            raise LocalServerError(f"Neo4j exited during start-up; log tail:\n{tail}")
        if _logged_ready(cfg, log_offset) and bolt_ready(cfg):
            return pid
        time.sleep(0.5)
    raise LocalServerError(f"Neo4j did not answer on {cfg.uri} within {wait_s:.0f} s")


def _port_in_use(host: str, port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(1.0)
        return s.connect_ex((host, port)) == 0


def _logged_ready(cfg: ServerConfig, offset: int) -> bool:
    """The launcher prints READY once the password is set and Bolt listens."""
    try:
        with cfg.log_file.open("rb") as f:
            f.seek(offset)
            return b"READY bolt://" in f.read()
    except FileNotFoundError:
        return False


def stop(cfg: ServerConfig, *, wait_s: float = 60.0) -> bool:
    """SIGTERM (clean shutdown), then SIGKILL after ``wait_s``. False if it was not running."""
    pid = running_pid(cfg)
    if pid is None:
        cfg.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        _reap(pid)
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
    cfg.pid_file.unlink(missing_ok=True)
    return True


def kill(cfg: ServerConfig) -> bool:
    """SIGKILL without shutdown: for fault-injection tests (a crash, not a stop)."""
    pid = running_pid(cfg)
    if pid is None:
        return False
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        _reap(pid)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    cfg.pid_file.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
