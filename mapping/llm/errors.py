"""Errors of the language-model client and verification.

AimsgraphError
└── LlmError                   the endpoint could not give a usable answer (nothing is written)
    ├── LlmNotConfiguredError  no endpoint is configured (AIMSGRAPH_LLM_URL)
    ├── LlmUnreachableError    nothing answers at the endpoint
    ├── LlmTimeoutError        the endpoint did not answer in time
    ├── LlmHttpError           the endpoint answered with an HTTP error (429, 500 …)
    └── LlmAnswerError         the answer is not the JSON the schema asks for
InputError
└── RemoteEndpointError        a non-loopback endpoint without the setting that allows one
"""

from __future__ import annotations

from ontology.errors import AimsgraphError, InputError


class LlmError(AimsgraphError):
    """The language-model endpoint gave no usable answer."""

    code = "llm_error"
    status = 502


class LlmNotConfiguredError(LlmError):
    code = "llm_not_configured"
    status = 503


class LlmUnreachableError(LlmError):
    code = "llm_unreachable"
    status = 503


class LlmTimeoutError(LlmError):
    code = "llm_timeout"
    status = 504


class LlmHttpError(LlmError):
    code = "llm_http_error"

    def __init__(
        self, message: str, *, status_code: int, hint: str | None = None, body: str = ""
    ) -> None:
        super().__init__(message, hint=hint)
        self.status_code = status_code
        self.body = body


class LlmAnswerError(LlmError):
    code = "llm_bad_answer"


class RemoteEndpointError(InputError):
    code = "llm_remote_refused"
