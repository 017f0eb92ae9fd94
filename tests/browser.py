"""A page looked at in headless Chromium, for the HTML tests: the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL, the browser reads fd 3 and writes
fd 4), so a test can measure what the browser laid out and take a screenshot. Nothing here
runs in the page itself: the page has no scripts."""
from __future__ import annotations

import base64
import json
import os
import subprocess
import time


class Browser:
    def __init__(self, exe: str, width: int = 900, height: int = 1200):
        to_child_r, self._w = os.pipe()
        self._r, from_child_w = os.pipe()

        def fds():                # in the child: the pipe's ends as fds 3 and 4, kept over exec
            a, b = os.dup(to_child_r), os.dup(from_child_w)       # (never 3 or 4: those are open)
            os.dup2(a, 3, inheritable=True)
            os.dup2(b, 4, inheritable=True)
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-extensions", "--remote-debugging-pipe",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.session = None

    def send(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        return self._wait(lambda m: m.get("id") == self._id, timeout)

    def _wait(self, pred, timeout: float) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                m = json.loads(raw)
                if pred(m):
                    if "error" in m:
                        raise RuntimeError(m["error"])
                    return m
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        raise TimeoutError("chromium did not answer")

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["result"]["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["result"]["sessionId"]
        self.send("Page.enable")
        self.send("Page.navigate", {"url": url})
        self._wait(lambda m: m.get("method") == "Page.loadEventFired", 30.0)

    def evaluate(self, expression: str):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return r["result"]["result"].get("value")

    def screenshot(self, full_page: bool = True) -> bytes:
        params = {"format": "png"}
        if full_page:
            h = self.evaluate("document.documentElement.scrollHeight")
            w = self.evaluate("document.documentElement.scrollWidth")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": w, "height": h, "scale": 1})
        return base64.b64decode(self.send("Page.captureScreenshot", params)["result"]["data"])

    def close(self) -> None:
        try:
            self.session = None
            self.send("Browser.close", timeout=5.0)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self._w, self._r):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
