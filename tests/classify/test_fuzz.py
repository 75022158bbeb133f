"""Property-based tests (hypothesis): the registry loader and the classifier take anything.

The number of examples is modest by default, so CI stays fast; set ACCESSCHECK_FUZZ_EXAMPLES
(say 5000) for a long local run.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accesscheck.classify import read
from accesscheck.classify.decide import classify
from accesscheck.classify.rules import FAMILIES, dialect_of_family
from accesscheck.errors import ConfigError
from accesscheck.model import STATUS_OF, Reason, Status
from accesscheck.observation import Rung
from accesscheck.registry import bundled_text, load_text

FUZZ = settings(
    max_examples=int(os.environ.get("ACCESSCHECK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Loading the whole bundled registry per example is slower: a third as many examples.
FUZZ_BUNDLED = settings(FUZZ, max_examples=max(10, FUZZ.max_examples // 3))
# Every registry error names where: "file:line:col: path: problem" or "file: problem".
LOCATED = re.compile(r"^fuzz\.yaml(:\d+:\d+)?: \S.*$")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "openai",
            "https://api.example.com/v1",
            "US",
            "2026-11-27",
            "frontier",
            "sk-" + "a" * 30,
            "http://10.0.0.1",
            "ga",
            "lab",
            "gateway",
        ]
    ),
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "version",
            "providers",
            "id",
            "name",
            "api",
            "base_url",
            "auth",
            "env",
            "models",
            "hq",
            "tier",
            "capabilities",
            "upstream",
            "same_as",
            "kind",
            "countries",
            "served",
            "labs",
            "coverage",
            "min_providers",
            "extends",
        ]
    ),
)
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


def _loads(text: str) -> None:
    try:
        load_text(text, "fuzz.yaml")
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message, message
        assert LOCATED.match(message), message
        assert "a" * 30 not in message  # a literal secret is never echoed


@FUZZ
@given(st.text(max_size=400))
def test_any_text_is_a_registry_or_a_located_error(text: str) -> None:
    _loads(text)


@FUZZ
@given(structures)
def test_any_yaml_structure_is_a_registry_or_a_located_error(data: Any) -> None:
    _loads(yaml.safe_dump(data))
    _loads(yaml.safe_dump({"version": 1, "providers": data}))


@FUZZ_BUNDLED
@given(st.data())
def test_the_bundled_registry_with_one_value_replaced(data: st.DataObject) -> None:
    """Deep mutations: every validator of the real schema gets garbage at its own place."""
    doc = yaml.safe_load(bundled_text())
    node: Any = doc
    path: list[Any] = []
    while isinstance(node, dict | list) and node and data.draw(st.booleans()):
        index = data.draw(
            st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))
        )
        path.append(index)
        node = node[index]
    if not path:
        return
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = data.draw(structures)
    _loads(yaml.safe_dump(doc, sort_keys=False))


# ---------------------------------------------------------------- the classifier

headers = st.dictionaries(
    st.sampled_from(["content-type", "retry-after", "x-amzn-errortype", "x-request-id"]),
    st.text(max_size=60),
    max_size=3,
)
json_bodies = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "error",
                    "code",
                    "message",
                    "type",
                    "status",
                    "details",
                    "reason",
                    "metadata",
                    "raw",
                    "data",
                    "id",
                    "object",
                    "quotaId",
                    "violations",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
).map(json.dumps)
bodies = st.one_of(
    json_bodies,
    st.text(max_size=2000),
    st.binary(max_size=2000).map(lambda b: b.decode("utf-8", errors="replace")),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(0, 300_000)),  # huge
    st.sampled_from(["<html><title>Sign in</title></html>", "", "null", "[]", "{}"]),
)


@FUZZ
@given(
    status=st.one_of(st.integers(100, 599), st.integers(-5, 10_000)),
    body=bodies,
    head=headers,
    family=st.sampled_from(sorted(FAMILIES)),
    rung=st.sampled_from([Rung.KEYLESS, Rung.ACCOUNT, Rung.LIST, Rung.INVOKE]),
)
def test_the_classifier_takes_any_answer(
    status: int, body: str, head: dict[str, str], family: str, rung: Rung
) -> None:
    facts = read.read(body, status, head.get("content-type", ""), head)
    verdict = classify(facts, rung, family=family, dialect=dialect_of_family(family))
    assert STATUS_OF[verdict.reason] is verdict.status
    assert "\n" not in verdict.detail and len(verdict.detail) < 2000
    if verdict.status is Status.REACHABLE and not 200 <= status < 300:
        # The one contract exception (README, the vocabulary): a throttled key reached the
        # model, so 429 is reachable/rate_limited. Nothing else outside 2xx is reachable.
        assert (status, verdict.reason) == (429, Reason.RATE_LIMITED), (status, verdict)


# The error envelopes providers, gateways and apps wrap in a success status (issue #15): an
# `error` object or string, a non-zero MiniMax `base_resp.status_code`, a Cloudflare-style
# `success: false`, a relay's `status: failure`, Baidu's `error_code`.
envelopes = st.one_of(
    st.builds(lambda inner: {"error": inner}, st.one_of(json_bodies, st.text(min_size=1))).filter(
        lambda doc: doc["error"] not in (None, "", [], {}, False, 0)
    ),
    st.builds(
        lambda code, msg: {"base_resp": {"status_code": code, "status_msg": msg}},
        st.integers(1, 10_000),
        st.text(max_size=40),
    ),
    st.builds(
        lambda extra: {**extra, "success": False}, st.dictionaries(st.text(max_size=8), scalars)
    ),
    st.builds(lambda msg: {"status": "failure", "message": msg}, st.text(max_size=60)),
    st.builds(lambda code: {"error_code": code, "error_msg": "x"}, st.integers(1, 400)),
    # A relay's own result code beside its message (review of 8160956: {"code": 1301, "msg": …}
    # and {"code": 402, …} read reachable/ok), `ok: false`, `data: null` beside a message.
    st.builds(
        lambda key, code, msg, data: {key: code, "msg": msg, **data},
        st.sampled_from(["code", "ret", "errcode", "status"]),
        st.integers(1, 99_999).filter(lambda n: not 200 <= n <= 299),
        st.text(max_size=40),
        st.sampled_from([{}, {"data": None}, {"data": ""}]),
    ),
    st.builds(
        lambda extra, msg: {**extra, "ok": False, "message": msg},
        st.dictionaries(st.text(max_size=8), scalars, max_size=3),
        st.text(max_size=40),
    ),
    st.builds(
        lambda code, msg: {"code": code, "message": msg, "data": None},
        st.integers(1, 99_999).filter(lambda n: not 200 <= n <= 299),
        st.sampled_from(["invalid token", "余额不足", "rate limited", "quota exceeded", "x"]),
    ),
)


@FUZZ
@given(
    status=st.integers(200, 299),
    envelope=envelopes,
    family=st.sampled_from(sorted(FAMILIES)),
    rung=st.sampled_from([Rung.KEYLESS, Rung.ACCOUNT, Rung.LIST, Rung.INVOKE]),
)
def test_a_success_carrying_an_error_is_never_reachable(
    status: int, envelope: dict[str, Any], family: str, rung: Rung
) -> None:
    """README (the vocabulary): a 2xx whose body is an error envelope is never `reachable`."""
    facts = read.read(json.dumps(envelope), status, "application/json", {})
    verdict = classify(facts, rung, family=family, dialect=dialect_of_family(family))
    assert verdict.status is not Status.REACHABLE, (envelope, verdict)
