"""Headless Chromium driven over the DevTools protocol, through ``--remote-debugging-pipe``.

The protocol's own transport: Chromium reads commands from fd 3 and writes
replies and events to fd 4, each a JSON message ending in NUL; no websocket
library and no downloaded browser, only Debian's ``chromium``.

Offline: every host name resolves to nothing and any other connection goes to a
dead proxy, so a page loads only file:// URLs.  The browser runs in a process group
of its own, killed whole when the driver closes, on every path out.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from typing import Any

from ....errors import BackendError

PROGRAM = "chromium"
INSTALL_HINT = "install Chromium, e.g. on Debian/Ubuntu: apt-get install chromium"
_OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-pings",
            "--disable-domain-reliability", "--disable-breakpad", "--mute-audio")


class BrowserError(BackendError):
    pass


def find(program: str = PROGRAM) -> str | None:
    """The browser's path, or None when it is not installed."""
    return shutil.which(program) or shutil.which("chromium-browser")


class Browser:
    def __init__(self, program: str = PROGRAM, width: int = 1200, height: int = 900):
        path = find(program)
        if path is None:
            raise BrowserError(f"{program} not found; {INSTALL_HINT}")
        self._profile = tempfile.mkdtemp(prefix="p2b-chromium-")
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def fds() -> None:
            # Out of the way first (either may be fd 3 or 4), then inheritable at 3 and 4.
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [path, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", f"--user-data-dir={self._profile}", "--no-first-run",
             *_OFFLINE, f"--window-size={width},{height}", "about:blank"],
            preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        try:
            self._open(width, height)
        except BaseException:
            self.close()
            raise

    def _open(self, width: int, height: int) -> None:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    # ------------------------------------------------------------ the pipe

    def _send(self, message: dict) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data):]

    def _receive(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise BrowserError("no answer from Chromium")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium went away")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, *, session: bool = False, timeout: float = 30, **params: Any) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        while True:
            reply = self._receive(timeout)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        for k, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(k)
        deadline = time.monotonic() + timeout
        while True:
            e = self._receive(max(0.01, deadline - time.monotonic()))
            if e.get("method") == method:
                return e
            self.events.append(e)

    # ------------------------------------------------------------ pages

    def go(self, url: str, timeout: float = 30) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired", timeout)

    def js(self, expression: str, timeout: float = 30) -> Any:
        """The value of ``expression`` in the page (a promise is awaited)."""
        result = self.call("Runtime.evaluate", session=True, timeout=timeout, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        """Poll ``expression`` until it is truthy; its value (an error, e.g. while the next
        page loads, counts as not yet)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.js(expression)
            except BrowserError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression}")
            time.sleep(0.05)

    def print_pdf(self, timeout: float = 600, **params: Any) -> bytes:
        """The loaded page printed (``Page.printToPDF``, ``params`` as the protocol names them)."""
        import base64

        return base64.b64decode(self.call("Page.printToPDF", session=True, timeout=timeout,
                                          **params)["data"])

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                      "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                      "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1],
                      button="left", clickCount=1)

    def type(self, text: str) -> None:
        self.call("Input.insertText", session=True, text=text)

    def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", session=True, type=kind, key="Enter", code="Enter",
                      windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")

    def close(self) -> None:
        try:
            self._send({"id": self._id + 1, "method": "Browser.close", "params": {}})
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        finally:
            # The renderers and helpers Chromium started live in its group: end them all.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            if self.proc.poll() is None:
                self.proc.wait()
            for fd in (self._out, self._in):
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
