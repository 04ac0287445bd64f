"""One client for any OpenAI-compatible chat-completions endpoint (llama.cpp's server,
Ollama, vLLM, LM Studio, a hosted API).

Structured output is asked for by JSON schema. Servers differ in how they take one, so the
client tries, in order, until one is accepted (and keeps using the one that was):

1. ``response_format: {"type": "json_schema", "json_schema": {...}}`` (OpenAI, Ollama,
   vLLM, LM Studio);
2. ``response_format: {"type": "json_object", "schema": {...}}`` (llama-cpp-python);
3. no ``response_format``: the schema is stated in the prompt and the first JSON object of
   the answer is taken.

Whatever the mode, the answer is parsed and checked against the schema here; a server that
ignores the schema gives :class:`LlmAnswerError`, never a half-read verdict.

Endpoints are loopback-only unless ``allow_remote`` is set: what is sent includes document
text, and a remote endpoint means that text leaves the machine.
"""

from __future__ import annotations

import ipaddress
import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from mapping.llm.errors import (
    LlmAnswerError,
    LlmHttpError,
    LlmNotConfiguredError,
    LlmTimeoutError,
    LlmUnreachableError,
    RemoteEndpointError,
)

#: Ways of asking for schema-constrained JSON, most standard first.
STRUCTURED_MODES = ("json_schema", "json_object_schema", "prompt")


@dataclass(frozen=True)
class LlmEndpoint:
    """Where the model answers and how to talk to it.

    ``url`` is the base URL ending in ``/v1``; ``model`` the model name to ask for (``None``:
    the first the server lists); ``api_key`` the key itself (the API layer reads it from the
    environment variable the settings name).
    """

    url: str
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 120.0
    concurrency: int = 1
    allow_remote: bool = False

    def __post_init__(self) -> None:
        check_endpoint_url(self.url, allow_remote=self.allow_remote)
        if self.timeout_s <= 0 or self.concurrency < 1:
            raise RemoteEndpointError(
                "the language-model time-out must be positive and the concurrency at least 1"
            )


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a URL's host name) is this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint_url(url: str, *, allow_remote: bool) -> None:
    """Refuse a URL that is not http(s) with a host, or that leaves the machine unallowed."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RemoteEndpointError(
            f"not a usable language-model URL: {url!r}",
            hint="give the base URL ending in /v1, e.g. http://127.0.0.1:8080/v1",
        )
    if not allow_remote and not is_loopback(parts.hostname):
        raise RemoteEndpointError(
            f"the language-model endpoint {parts.hostname} is not on this machine",
            hint="document text would leave the machine; set AIMSGRAPH_LLM_ALLOW_REMOTE=1 "
            "to allow it",
        )


@dataclass(frozen=True)
class ChatAnswer:
    """A parsed structured answer, with the model id the server reported."""

    data: dict[str, Any]
    model: str
    mode: str


class LlmClient:
    """Talks to one endpoint; thread-safe (one ``httpx.Client`` shared by the threads)."""

    def __init__(self, endpoint: LlmEndpoint | None) -> None:
        if endpoint is None:
            raise LlmNotConfiguredError(
                "no language-model endpoint is configured",
                hint="set AIMSGRAPH_LLM_URL to an OpenAI-compatible base URL ending in /v1 "
                "(and AIMSGRAPH_LLM_MODEL); see docs/mapping.md",
            )
        self.endpoint = endpoint
        headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
        self._http = httpx.Client(
            base_url=endpoint.url.rstrip("/"), headers=headers, timeout=endpoint.timeout_s
        )
        self._mode: str | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def models(self) -> list[str]:
        """The model ids the server lists (``GET /v1/models``): the capability probe."""
        body = self._request("GET", "/models")
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise LlmAnswerError(
                f"{self.endpoint.url}/models did not list models",
                hint="is this an OpenAI-compatible endpoint? the URL must end in /v1",
            )
        return [str(m["id"]) for m in items if isinstance(m, dict) and "id" in m]

    def model_name(self) -> str:
        """The configured model, else the first one the server lists."""
        if self.endpoint.model:
            return self.endpoint.model
        found = self.models()
        if not found:
            raise LlmAnswerError(
                "the endpoint lists no model", hint="set AIMSGRAPH_LLM_MODEL to one it serves"
            )
        return found[0]

    def chat_json(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        *,
        temperature: float = 0.0,
        max_tokens: int = 400,
    ) -> ChatAnswer:
        """A chat completion constrained to ``schema``, parsed and checked."""
        model = self.model_name()
        modes = [self._mode] if self._mode else list(STRUCTURED_MODES)
        for mode in modes:
            payload: dict[str, Any] = {
                "model": model,
                "messages": _with_schema_prompt(messages, schema) if mode == "prompt" else messages,
                "temperature": temperature,
                "max_tokens": max_tokens,
            }
            if mode != "prompt":
                payload["response_format"] = _response_format(mode, schema)
            try:
                body = self._request("POST", "/chat/completions", json=payload)
            except LlmHttpError as error:
                if _refused_format(error) and mode != modes[-1]:
                    continue  # this server takes the schema another way
                raise
            with self._lock:
                self._mode = mode
            text, reported = _content(body)
            try:
                data = parse_object(text, schema)
            except LlmAnswerError as error:
                if _finish_reason(body) == "length":
                    error.message += f" (cut off at max_tokens={max_tokens})"
                raise
            return ChatAnswer(data=data, model=reported or model, mode=mode)
        raise LlmAnswerError("the endpoint refused every way of asking for structured output")

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        where = f"{self.endpoint.url.rstrip('/')}{path}"
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise LlmTimeoutError(
                f"the language model at {where} did not answer within "
                f"{self.endpoint.timeout_s:g} s",
                hint="raise AIMSGRAPH_LLM_TIMEOUT or use a smaller model",
            ) from None
        except httpx.HTTPError as error:
            raise LlmUnreachableError(
                f"nothing answers at {where} ({error.__class__.__name__})",
                hint="start the model server or correct AIMSGRAPH_LLM_URL",
            ) from None
        if response.status_code >= 400:
            raise _http_error(where, response)
        try:
            return response.json()
        except ValueError:
            raise LlmAnswerError(
                f"{where} answered with something that is not JSON",
                hint="is AIMSGRAPH_LLM_URL an OpenAI-compatible base URL ending in /v1?",
            ) from None


def _refused_format(error: LlmHttpError) -> bool:
    """Whether the server refused the way the schema was asked for: a 400 or 422, or any
    error naming ``response_format`` (llama-cpp-python answers its validation error 500)."""
    return error.status_code in (400, 422) or "response_format" in error.body


def _http_error(where: str, response: httpx.Response) -> LlmHttpError:
    code = response.status_code
    hint = {
        401: "the endpoint wants a key: name its environment variable in AIMSGRAPH_LLM_API_KEY_ENV",
        404: "check AIMSGRAPH_LLM_URL (base URL ending in /v1) and AIMSGRAPH_LLM_MODEL",
        429: "the endpoint is rate-limiting: try again later or lower AIMSGRAPH_LLM_CONCURRENCY",
    }.get(code, "the model server's log says why" if code >= 500 else None)
    detail = response.text[:200].strip()
    return LlmHttpError(
        f"the language model at {where} answered HTTP {code}" + (f": {detail}" if detail else ""),
        status_code=code,
        hint=hint,
        body=response.text[:2000],
    )


def _response_format(mode: str, schema: dict[str, Any]) -> dict[str, Any]:
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": schema, "strict": True},
        }
    return {"type": "json_object", "schema": schema}


def _with_schema_prompt(
    messages: list[dict[str, str]], schema: dict[str, Any]
) -> list[dict[str, str]]:
    rule = "Answer with one JSON object and nothing else, following this JSON schema: "
    return [*messages, {"role": "user", "content": rule + json.dumps(schema)}]


def _finish_reason(body: Any) -> str | None:
    try:
        return str(body["choices"][0].get("finish_reason"))
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def _content(body: Any) -> tuple[str, str | None]:
    """The first choice's message text and the model id the server reported."""
    try:
        text = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LlmAnswerError(
            "the endpoint's answer has no choices[0].message.content",
            hint="is this an OpenAI-compatible chat-completions endpoint?",
        ) from None
    if not isinstance(text, str):
        raise LlmAnswerError("the model's answer holds no text")
    model = body.get("model") if isinstance(body, dict) else None
    return text, str(model) if model else None


def parse_object(text: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The first JSON object in ``text``, checked for the schema's required keys and types.

    >>> parse_object('ok {"a": 1}', {"required": ["a"], "properties": {"a": {"type": "integer"}}})
    {'a': 1}
    """
    start = text.find("{")
    data: Any = None
    if start >= 0:
        try:
            data, _ = json.JSONDecoder(strict=False).raw_decode(
                text[start:]
            )  # raw line breaks in strings
        except ValueError:
            data = None
    if not isinstance(data, dict):
        raise LlmAnswerError(
            f"the model's answer is not a JSON object: {text[:120]!r}",
            hint="the server may not support structured output; try another model or server",
        )
    _check_shape(data, schema)
    return data


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _check_shape(data: dict[str, Any], schema: dict[str, Any]) -> None:
    properties = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in data:
            raise LlmAnswerError(f"the model's answer lacks {key!r}: {json.dumps(data)[:160]}")
    for key, rule in properties.items():
        if key not in data:
            continue
        value = data[key]
        kinds = _TYPES.get(str(rule.get("type")), (object,))
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            raise LlmAnswerError(f"the model's {key!r} is not a {rule.get('type')}: {value!r}")
        if "enum" in rule and value not in rule["enum"]:
            raise LlmAnswerError(
                f"the model's {key!r} is {value!r}, not one of {', '.join(rule['enum'])}"
            )
