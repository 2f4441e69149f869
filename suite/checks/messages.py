"""Bad input gets a clear, localised error: the check of an API's 400 body ``{"field": ["message", ...]}``."""

from __future__ import annotations

from collections.abc import Iterable

from suite.checks.forms import is_localised


def unclear_refusal(body: object, fields: Iterable[str], language: str = "zh-hans", sent: str = "") -> list[str]:
    """What is wrong with a refusal of ``sent``: a body without messages, a key other than ``fields`` (the fields the
    request put the value in), an empty message, or one not in ``language`` (the value itself, echoed, does not
    count). Empty when the refusal says clearly, in the user's language, which field is wrong."""
    if not isinstance(body, dict) or not body:
        return [f"no message at all: {body!r}"]
    allowed = set(fields)
    problems = [f"{key}: a field the request did not set" for key in body if key not in allowed]
    for key, messages in body.items():
        if not isinstance(messages, list) or not messages:
            problems.append(f"{key}: no message: {messages!r}")
            continue
        problems += [f"{key}: not a clear {language} message: {message!r}" for message in messages
                     if not isinstance(message, str) or not is_localised(message, language, sent)]
    return problems
