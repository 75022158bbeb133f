"""How a provider's requests are authenticated: a key in a header, or an AWS SigV4 signature.

A credential turns a finished request (method, URL, body) into headers, so that a signature
can cover exactly what is sent. Keys still come only from the environment variables the
registry names; AWS credentials come from botocore's usual chain (the `aws` extra).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from accesscheck.dialects import Dialect
from accesscheck.errors import ConfigError
from accesscheck.files import require_regular
from accesscheck.keys import KeyLookup, Secret, key_problem, lookup_key
from accesscheck.registry import Provider

if TYPE_CHECKING:  # probe (httpx) is imported only when a token is minted
    from accesscheck.probe import Network

AWS_EXTRA = "pip install 'accesscheck[aws]'"
GCP_EXTRA = "pip install 'accesscheck[gcp]'"
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
TOKEN_TIMEOUT = 10.0


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


def _gcloud_adc_file(environ: Mapping[str, str]) -> Path:
    return (
        Path(environ.get("HOME", "~")).expanduser()
        / ".config/gcloud/application_default_credentials.json"
    )


def _google(
    environ: Mapping[str, str], dialect: Dialect, network: Network | None
) -> tuple[KeyLookup, Credential | None]:
    """An OAuth access token from application default credentials (the gcp extra).

    Only a credentials file is used (GOOGLE_APPLICATION_CREDENTIALS, or gcloud's ADC file):
    google-auth's fallback to the metadata server would hang every scan off Google Cloud. On
    Google Cloud, export a token in GOOGLE_CLOUD_ACCESS_TOKEN instead."""
    names = ("GOOGLE_APPLICATION_CREDENTIALS",)
    explicit = environ.get("GOOGLE_APPLICATION_CREDENTIALS", "").strip()
    if not explicit and not _gcloud_adc_file(environ).is_file():
        return KeyLookup(names), None
    used = (
        "GOOGLE_APPLICATION_CREDENTIALS" if explicit else "gcloud application default credentials"
    )
    if explicit and os.path.exists(explicit):
        try:
            require_regular(Path(explicit), "credentials")  # google-auth would hang on a FIFO
        except ConfigError:
            problem = f"{used}: not a regular file (a FIFO, a device or a socket)"
            return KeyLookup(names, used=used, problem=problem), None
    try:
        import google.auth  # the optional gcp extra
        from google.auth import exceptions
    except ImportError:
        return KeyLookup(
            names, used=used, problem=f"Google credentials need the gcp extra: {GCP_EXTRA}"
        ), None
    from accesscheck.probe import GoogleAuthTransport

    transport = GoogleAuthTransport(TOKEN_TIMEOUT, network)
    try:
        credentials, _project = google.auth.default(scopes=[CLOUD_PLATFORM])
        credentials.refresh(transport)  # type: ignore[no-untyped-call]
    except (exceptions.GoogleAuthError, ValueError, OSError) as exc:
        problem = f"{used}: could not get an access token ({type(exc).__name__})"
        return KeyLookup(names, used=used, problem=problem), None
    finally:
        transport.close()
    token = getattr(credentials, "token", None)
    if not isinstance(token, str) or not token:
        return KeyLookup(names, used=used, problem=f"{used}: no access token was issued"), None
    secret = Secret(token)
    return KeyLookup(names, used=used, secret=secret), KeyCredential(dialect, secret)


def resolve(
    provider: Provider,
    dialect: Dialect,
    environ: Mapping[str, str],
    *,
    endpoint: str | None,
    network: Network | None = None,
) -> tuple[KeyLookup, Credential | None]:
    """The key (for reporting) and the credential for a provider's keyed requests. Nothing is
    minted or signed for a provider without an endpoint: no request will be sent."""
    key = lookup_key(provider.auth.env, environ)
    if key.secret is not None:
        return key, KeyCredential(dialect, key.secret)
    if key.problem or endpoint is None:
        return key, None
    # Without a key in the environment: sign with AWS credentials (Bedrock), or mint an OAuth
    # token from Google application default credentials (Vertex), where there are any.
    if dialect.name == "bedrock":
        other, credential = _aws(environ)
    elif dialect.name == "vertex":
        other, credential = _google(environ, dialect, network)
    else:
        return key, None
    return KeyLookup(
        (*provider.auth.env, *other.env), other.used, other.secret, other.problem
    ), credential
