"""Processes and measurements of the fault runs: the gateway jar, the upstreams, free ports,
the gateway's resident set and open file descriptors (from /proc), its ERROR lines, and
condition waits with a timeout (never a bare sleep as synchronisation)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PYTHON = sys.executable

# A logback text line at ERROR (conf/logback.xml: "<time> ERROR <logger> ..."), or the
# "Unhandled exception" Vert.x logs for a failure nobody handled.
ERROR_LINE = re.compile(r"^\S+\s+ERROR\s|Unhandled exception")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout, interval=0.05):
    """Polls condition() until it is truthy or timeout seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def env_float(name, default):
    return float(os.environ.get(name, default))


def env_int(name, default):
    return int(os.environ.get(name, default))


class Process:
    """A child process with its output in a file; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, name, argv, log_path, env=None):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.popen = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, env=env, cwd=REPO)
        self.pid = self.popen.pid

    def output(self):
        return Path(self.log_path).read_text(errors="replace")

    def alive(self):
        return self.popen.poll() is None

    def signal(self, sig):
        if self.alive():
            self.popen.send_signal(sig)

    def stop(self, grace=10):
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.close()
        return self.popen.returncode

    def rss_kib(self):
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))


class Upstream(Process):
    """bench/faults/upstream.py KIND on a free loopback port, ready when it says it listens."""

    def __init__(self, kind, log_dir, port=None, log_name=None):
        self.kind = kind
        self.port = port or free_port()
        super().__init__(f"upstream-{kind}", [PYTHON, str(HERE / "upstream.py"), kind, "--port", str(self.port)],
                         log_dir / (log_name or f"upstream-{kind}.log"))
        if not wait_for(lambda: "listening on" in self.output() or not self.alive(), 20) or not self.alive():
            raise RuntimeError(f"upstream {kind} did not start: {self.output()[-500:]}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class Gateway(Process):
    """target/fluxlit.jar run, in front of one upstream, with the JVM options of GATEWAY_JAVA_OPTS
    (bench/faults/run.sh passes conf/jvm.options and the class-data-sharing archive)."""

    def __init__(self, upstream_url, log_dir, settings=None):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLUXLIT_")}
        env.update({"FLUXLIT_GATEWAY_PORT": str(self.port), "FLUXLIT_STREAMLIT_UPSTREAM": upstream_url})
        env.update(settings or {})
        self.settings = settings or {}
        jar = os.environ.get("FAULTS_GATEWAY_JAR", str(REPO / "target" / "fluxlit.jar"))
        argv = ["java", *os.environ.get("GATEWAY_JAVA_OPTS", "").split(), "-jar", jar, "run"]
        super().__init__("gateway", argv, log_dir / "gateway.log", env)
        if not wait_for(lambda: "FluxLit is ready" in self.output() or not self.alive(), 60, 0.1) or not self.alive():
            raise RuntimeError(f"gateway did not start: {self.output()[-800:]}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def error_lines(self):
        return [line for line in self.output().splitlines() if ERROR_LINE.search(line)]


class Footprint:
    """The gateway's resident set and open descriptors at one moment.

    collect: first a full GC (jcmd GC.run), so that garbage not yet collected does not count,
    then jcmd System.trim_native_heap, so that native memory already freed but still cached by
    glibc's malloc does not count either (1,000 WebSockets leave about 100 MiB of it); the
    resident set before the trim is kept as rss_untrimmed_kib. FAULTS_GC_BEFORE_MEASURE=0 turns
    both off."""

    def __init__(self, process, collect=False):
        self.rss_untrimmed_kib = None
        if collect and os.environ.get("FAULTS_GC_BEFORE_MEASURE", "1") == "1":
            subprocess.run(["jcmd", str(process.pid), "GC.run"], capture_output=True, timeout=30)
            self.rss_untrimmed_kib = process.rss_kib()
            subprocess.run(["jcmd", str(process.pid), "System.trim_native_heap"], capture_output=True, timeout=30)
        self.rss_kib = process.rss_kib()
        self.fds = process.fds()

    def __str__(self):
        untrimmed = "" if self.rss_untrimmed_kib is None else f" ({self.rss_untrimmed_kib / 1024:.0f} untrimmed)"
        return f"{self.rss_kib / 1024:.0f} MiB{untrimmed} / {self.fds} fds"

    @staticmethod
    def describe(rss_kib, fds):
        return f"{rss_kib / 1024:.0f} MiB / {fds} fds"


def settle(process, baseline, timeout):
    """Waits (up to timeout s) for the open descriptors to come back within tolerance of the
    baseline, then measures. Connections the gateway still holds keep it waiting; a leak shows
    as a footprint that never comes back."""
    tolerance = env_float("FAULTS_FD_TOLERANCE", 0.10)
    wait_for(lambda: process.fds() <= (1 + tolerance) * baseline.fds, timeout, 0.2)
    return Footprint(process, collect=True)


def steady(process, timeout=10):
    """Waits (up to timeout s) until the open descriptors stop changing for a second (connections
    of the warm-up closed), then measures: the baseline."""
    seen = []

    def unchanged():
        seen.append(process.fds())
        return len(seen) > 5 and len(set(seen[-6:])) == 1

    wait_for(unchanged, timeout, 0.2)
    return Footprint(process, collect=True)
