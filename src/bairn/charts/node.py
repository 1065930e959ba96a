"""The chart renderer's process: `draw.cjs` under Node.js, started on the first chart and kept
for the life of the Python process (about 0.3 s to start; then a chart in about 20 ms).

One process per Python process: a forked child starts its own, so processes never share a pipe.
Requests from threads (the web server's) take turns. If the renderer dies, the next chart starts
it again; if it cannot start, the message says what to install.
"""

from __future__ import annotations

import json
import multiprocessing.util
import os
import shutil
import subprocess
import threading
from pathlib import Path

from bairn.errors import BairnError

HERE = Path(__file__).parent
PROGRAM = HERE / "draw.cjs"
BUNDLES = [HERE / "vendor" / "vega.min.js", HERE / "vendor" / "vega-lite.min.js"]
INSTALL = "run `make install` (it installs Node.js and vendors Vega from package-lock.json)"


class Renderer:
    """A running draw.cjs: `draw(spec)` returns vega's SVG for a Vega-Lite spec."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._owner = 0  # the pid that started the process
        self.versions: dict[str, str] = {}
        self.drawn = self.redrawn = 0  # charts drawn; of them, from the parse of an earlier one

    def draw(self, spec: dict) -> str:
        request = json.dumps({"spec": spec}, separators=(",", ":"), default=str) + "\n"
        with self._lock:
            answer = self._ask(request)
            if "error" in answer:
                raise BairnError(f"The chart could not be drawn: {answer['error']}")
            self.drawn += 1
            self.redrawn += bool(answer["again"])
        return answer["svg"]

    def _ask(self, request: str) -> dict:
        for _attempt in (1, 2):  # a renderer that has died is started once more
            process = self._running()
            try:
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(request)
                process.stdin.flush()
                line = process.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                return json.loads(line)
            self._stop()
        raise BairnError(f"The chart renderer stopped while drawing a chart; {INSTALL}.")

    def _running(self) -> subprocess.Popen[str]:
        process = self._process
        if process is not None and self._owner == os.getpid() and process.poll() is None:
            return process
        self._process = None  # dead, or inherited from the parent through fork
        return self._start()

    def _start(self) -> subprocess.Popen[str]:
        node = shutil.which("node") or shutil.which("nodejs")
        if node is None:
            raise BairnError(f"Charts are drawn with Node.js, which was not found; {INSTALL}.")
        missing = [b.name for b in BUNDLES if not b.exists()]
        if missing:
            raise BairnError(f"The chart renderer's {', '.join(missing)} is missing; {INSTALL}.")
        process = subprocess.Popen(
            [node, str(PROGRAM)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        assert process.stdout is not None
        hello = json.loads(process.stdout.readline() or '{"error": "it exited as it started"}')
        if "ready" not in hello:
            process.kill()
            raise BairnError(f"The chart renderer could not start: {hello['error']}; {INSTALL}.")
        self.versions = hello["ready"]
        self._process, self._owner = process, os.getpid()
        return process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and self._owner == os.getpid():
            process.kill()
            process.wait()

    def close(self) -> None:
        """Stop the process (it also stops by itself when this process ends)."""
        with self._lock:
            if self._process is not None and self._owner == os.getpid():
                assert self._process.stdin is not None
                self._process.stdin.close()
                try:
                    self._process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._process.kill()
            self._process = None


RENDERER = Renderer()
# Stopped and waited for when the process ends, also in a multiprocessing worker (where atexit
# does not run), so that no renderer outlives its parent and its CPU time is counted.
multiprocessing.util.Finalize(None, RENDERER.close, exitpriority=0)
