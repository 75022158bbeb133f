"""How a provider's requests are authenticated: a key in a header, or an AWS SigV4 signature.

A credential turns a finished request (method, URL, body) into headers, so that a signature
can cover exactly what is sent. Keys still come only from the environment variables the
registry names; AWS credentials come from botocore's usual chain (the `aws` extra).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from accesscheck.dialects import Dialect
from accesscheck.keys import KeyLookup, Secret, key_problem, lookup_key
from accesscheck.registry import Provider

AWS_EXTRA = "pip install 'accesscheck[aws]'"


class Credential(Protocol):
    def headers(self, method: str, url: str, body: bytes | None) -> dict[str, str]:
        """The authentication headers for this exact request."""


@dataclass(frozen=True)
class KeyCredential:
    """An API key in the header the dialect names (Bearer, x-api-key, api-key, …)."""

    dialect: Dialect
    secret: Secret

    def headers(self, method: str, url: str, body: bytes | None) -> dict[str, str]:
        return self.dialect.headers(self.secret)


@dataclass(frozen=True)
class SigV4Credential:
    """AWS Signature Version 4 over the final request, with botocore's signer."""

    access_key: Secret
    secret_key: Secret
    session_token: Secret | None
    service: str = "bedrock"

    def headers(self, method: str, url: str, body: bytes | None) -> dict[str, str]:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        request = AWSRequest(
            method=method,
            url=url,
            data=body or b"",
            headers={"content-type": "application/json"} if body else {},
        )
        token = self.session_token.reveal() if self.session_token else None
        creds = Credentials(self.access_key.reveal(), self.secret_key.reveal(), token)
        SigV4Auth(creds, self.service, aws_region(url)).add_auth(request)
        return {k.lower(): str(v) for k, v in request.headers.items()}


def aws_region(url: str) -> str:
    """The region in an AWS host name: bedrock-runtime.eu-central-1.amazonaws.com → eu-central-1."""
    parts = (urlsplit(url).hostname or "").split(".")
    return parts[1] if len(parts) > 2 else "us-east-1"


def _aws(environ: Mapping[str, str]) -> tuple[KeyLookup, Credential | None]:
    names = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
    access, secret = (environ.get(n, "").strip() for n in names)
    if not (access and secret):
        return KeyLookup(names), None
    for name in (*names, "AWS_SESSION_TOKEN"):
        problem = key_problem(name, environ[name]) if environ.get(name, "").strip() else None
        if problem:
            return KeyLookup(names, used=name, problem=problem), None
    try:
        import botocore.auth  # noqa: F401 - optional extra
    except ImportError:
        problem = f"AWS credentials are set but SigV4 signing needs the aws extra: {AWS_EXTRA}"
        return KeyLookup(names, used="AWS_ACCESS_KEY_ID", problem=problem), None
    token = environ.get("AWS_SESSION_TOKEN", "").strip()
    credential = SigV4Credential(Secret(access), Secret(secret), Secret(token) if token else None)
    return KeyLookup(names, used="AWS_ACCESS_KEY_ID", secret=credential.access_key), credential


def resolve(
    provider: Provider, dialect: Dialect, environ: Mapping[str, str]
) -> tuple[KeyLookup, Credential | None]:
    """The key (for reporting) and the credential for a provider's keyed requests."""
    key = lookup_key(provider.auth.env, environ)
    if key.secret is not None:
        return key, KeyCredential(dialect, key.secret)
    if dialect.name == "bedrock" and not key.problem:
        # No Bedrock API key (bearer): sign with AWS credentials instead, where there are any.
        aws_key, credential = _aws(environ)
        if credential is not None or aws_key.problem:
            return KeyLookup(
                (*provider.auth.env, *aws_key.env), aws_key.used, aws_key.secret, aws_key.problem
            ), credential
        return KeyLookup((*provider.auth.env, *aws_key.env)), None
    return key, None
