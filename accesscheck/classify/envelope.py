"""Error envelopes whatever their key names (issue #15; a review of 8160956 found 200s carrying
them read as `reachable`): a relay's non-zero result code beside its message (`{"code": 1301,
"msg": …}`, `ret`, `errcode`), `ok` or `success` false, an error status in a body field, a named
error code beside a message, a success key without a value (`"data": null`). `depth.walk` asks
these of every object it reads; `read.enrich` looks for `ok: false` in a body no parser read.

Pure, never raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# `ok: false` written out where no parser could read it (a paste cut short, a non-JSON number),
# as depth.ERROR_FIELD reads `success: false`; OK_FALSE_NEEDS: the words every match holds one of.
OK_FALSE = re.compile(r"[\"']?\bok[\"']?\s*[:=]\s*false\b", re.IGNORECASE)
OK_FALSE_NEEDS = ('"ok"', "'ok'", "ok:", "ok=", "ok :")


def success_value(value: Any) -> bool:
    """A success key counts only with a value: `"data": null` beside a message is an error's
    envelope, and so is a success key holding an error's words (`"content": "Error: …"`)."""
    if value in (None, "", [], {}, False):
        return False
    return not (isinstance(value, str) and bool(ENVELOPE_ERROR_WORDS.search(value)))


# The words of an error envelope's message where its code is no HTTP status (a relay's
# `{"code": 4028, "msg": "余额不足"}`): balance, quota, a limit, a safety refusal.
ENVELOPE_ERROR_WORDS = re.compile(
    r"\b(error|exception|denied|invalid|forbidden|unauthori[sz]ed|not found|does not exist"
    r"|exceeded|failed|failure|insufficient|balance|quota|limit(ed)?|expired|not available"
    r"|not allowed|suspended|too many)\b|错误|失败|异常|余额|额度|配额|限制|安全|敏感|权限|エラー",
    re.IGNORECASE,
)
# The keys an envelope's own result code stands in: 0 (or a 2xx) is success, anything else an
# error (Chinese relays' `code`/`ret`/`errcode`, `status` as a number).
_RESULT_KEYS = ("code", "ret", "retcode", "errcode", "err_no", "errno", "status", "status_code")


def envelope_error(lowered: Mapping[str, Any]) -> bool:
    """An error envelope whatever its key names (review of 8160956, #15): `ok` or `success`
    false, a non-zero result code beside a message, an error status (4xx/5xx) in a body field,
    or an envelope message in an error's words (balance, quota, a limit, a safety refusal)."""
    if lowered.get("ok") is False or lowered.get("success") is False:
        return True
    message = next(
        (
            lowered[k]
            for k in ("msg", "message", "errmsg", "error_msg", "status_msg")
            if k in lowered
        ),
        None,
    )
    for key in _RESULT_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if 400 <= value <= 599 and key in ("code", "status", "status_code"):
            return True
        # r6-flow: a result code beside a message that is itself a success word is the
        # envelope's success code (NAVER CLOVA Studio's {"code": "20000", "message": "OK"}).
        # Not where a success key beside it is empty ({"code": 10001, "msg": "success",
        # "data": null}).
        said_ok = (
            isinstance(message, str)
            and message.strip().lower() in _SUCCESS_CODES
            and not any(
                lowered.get(k, 1) in (None, "", [], {}) for k in ("data", "result", "output")
            )
        )
        if message is not None and value != 0 and not 200 <= value <= 299 and not said_ok:
            return True
    code = lowered.get("code")
    if (
        isinstance(message, str)
        and isinstance(code, str)
        and any(c.isalpha() for c in code)
        and code.strip().lower() not in _SUCCESS_CODES
    ):
        return True  # a named error code beside a message (DashScope's DataInspectionFailed)
    return isinstance(message, str) and bool(ENVELOPE_ERROR_WORDS.search(message))


_SUCCESS_CODES = frozenset({"ok", "success", "succeed", "succeeded", "successful", "done"})
