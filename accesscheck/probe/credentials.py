"""How a provider's requests are authenticated: a key in a header, or an AWS SigV4 signature.

A credential turns a finished request (method, URL, body) into headers, so that a signature
can cover exactly what is sent. Keys still come only from the environment variables the
registry names; AWS credentials from the AWS_* keys or botocore's own chain (profiles, SSO,
assume-role, web identity: the `aws` extra), Google ones from google-auth's (the `gcp` extra).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar
from urllib.parse import urlsplit

from accesscheck.errors import ConfigError
from accesscheck.files import require_regular
from accesscheck.keys import KeyLookup, Secret, key_problem, lookup_key
from accesscheck.model import AuthKind
from accesscheck.providers import Dialect
from accesscheck.registry import Provider

if TYPE_CHECKING:  # probe (httpx) is imported only when a token is minted
    from accesscheck.probe.network import Network

AWS_EXTRA = "pip install 'accesscheck[aws]'"
GCP_EXTRA = "pip install 'accesscheck[gcp]'"
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
TOKEN_TIMEOUT = 10.0
T = TypeVar("T")


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


AWS_KEY_NAMES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
# What points botocore's chain at credentials other than the AWS_* keys: a profile (shared
# credentials or config file: static keys, SSO, assume-role, credential_process) or web
# identity. Looked at before importing botocore, which costs a scan without AWS nothing.
_AWS_HINTS = (
    "AWS_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
)
# The instance metadata service answers only on EC2; elsewhere botocore's probe of it would
# stall every scan. On EC2, export the role's keys (`aws configure export-credentials`).
_AWS_SKIPPED_PROVIDERS = ("iam-role",)


def _aws_configured(environ: Mapping[str, str]) -> bool:
    if any(environ.get(name, "").strip() for name in _AWS_HINTS):
        return True
    home = Path(environ.get("HOME", "~")).expanduser()
    files = (
        environ.get("AWS_SHARED_CREDENTIALS_FILE") or home / ".aws" / "credentials",
        environ.get("AWS_CONFIG_FILE") or home / ".aws" / "config",
    )
    return any(Path(file).expanduser().is_file() for file in files)


def _within(seconds: float, work: Callable[[], T]) -> T:
    """`work()` in a daemon thread, abandoned after `seconds` (TimeoutError): botocore's own
    HTTP calls (SSO, STS) have minute-long timeouts, and a scan must not wait on them."""
    box: list[T | BaseException] = []

    def run() -> None:
        try:
            box.append(work())
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box.append(exc)

    thread = threading.Thread(target=run, name="credentials", daemon=True)
    thread.start()
    thread.join(seconds)
    if not box:
        raise TimeoutError
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _aws_chain() -> tuple[str, tuple[str, str, str | None] | None]:
    """botocore's credential chain without the instance metadata service: (where from, the
    keys or None when the chain has none). Raises what botocore raises."""
    import botocore.session

    session = botocore.session.Session()
    resolver = session.get_component("credential_provider")
    for name in _AWS_SKIPPED_PROVIDERS:
        resolver.remove(name)
    found = resolver.load_credentials()
    profile = session.get_config_variable("profile") or "default"
    if found is None:
        return f"AWS profile {profile}", None
    frozen = found.get_frozen_credentials()
    return f"AWS profile {profile} ({found.method})", (
        frozen.access_key,
        frozen.secret_key,
        frozen.token,
    )


def _aws(environ: Mapping[str, str]) -> tuple[KeyLookup, Credential | None]:
    """SigV4 credentials: the AWS_* keys, else botocore's own chain (AWS_PROFILE, the shared
    credentials and config files, SSO, assume-role, web identity, containers)."""
    names = AWS_KEY_NAMES
    access, secret = (environ.get(n, "").strip() for n in names)
    if access and secret:
        for name in (*names, "AWS_SESSION_TOKEN"):
            problem = key_problem(name, environ[name]) if environ.get(name, "").strip() else None
            if problem:
                return KeyLookup(names, used=name, problem=problem), None
    elif not _aws_configured(environ):
        return KeyLookup(names), None
    used = "AWS_ACCESS_KEY_ID" if access and secret else "AWS profile"
    try:
        import botocore.auth  # the optional aws extra (signing, and the chain below)
        import botocore.session  # noqa: F401
    except ImportError:
        problem = f"AWS credentials are set but SigV4 signing needs the aws extra: {AWS_EXTRA}"
        return KeyLookup(names, used=used, problem=problem), None
    token = environ.get("AWS_SESSION_TOKEN", "").strip()
    keys: tuple[str, str, str | None] | None = (access, secret, token or None)
    if not (access and secret):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            used, keys = _within(TOKEN_TIMEOUT, _aws_chain)
        except (BotoCoreError, ClientError, OSError, ValueError, TimeoutError) as exc:
            problem = f"{used}: could not load AWS credentials ({type(exc).__name__})"
            return KeyLookup(names, used=used, problem=problem), None
    if keys is None:
        return KeyLookup(names), None
    credential = SigV4Credential(
        Secret(keys[0]), Secret(keys[1]), Secret(keys[2]) if keys[2] else None
    )
    return KeyLookup(names, used=used, secret=credential.access_key), credential


def _adc_file(environ: Mapping[str, str]) -> Path:
    """gcloud's application default credentials file where google-auth looks for it
    ($CLOUDSDK_CONFIG, %APPDATA%\\gcloud on Windows, else ~/.config/gcloud)."""
    try:
        # A private module, but the one google.auth.default() itself reads the path from;
        # there is no public function for it (google-auth 2.x).
        from google.auth import _cloud_sdk
    except ImportError:  # without the gcp extra: only to say which extra to install
        config = environ.get("CLOUDSDK_CONFIG") or (
            Path(environ.get("APPDATA", "~"), "gcloud")
            if sys.platform == "win32"
            else Path(environ.get("HOME", "~"), ".config", "gcloud")
        )
        return Path(config).expanduser() / "application_default_credentials.json"
    return Path(_cloud_sdk.get_application_default_credentials_path())  # type: ignore[no-untyped-call]


def _google(
    environ: Mapping[str, str], dialect: Dialect, network: Network | None
) -> tuple[KeyLookup, Credential | None]:
    """An OAuth access token from application default credentials (the gcp extra).

    Only a credentials file is used (GOOGLE_APPLICATION_CREDENTIALS, or gcloud's ADC file):
    google-auth's fallback to the metadata server would hang every scan off Google Cloud. On
    Google Cloud, export a token in GOOGLE_CLOUD_ACCESS_TOKEN instead."""
    names = ("GOOGLE_APPLICATION_CREDENTIALS",)
    explicit = environ.get("GOOGLE_APPLICATION_CREDENTIALS", "").strip()
    if not explicit and not _adc_file(environ).is_file():
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
    from accesscheck.probe.google import GoogleAuthTransport

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


def mints(
    provider: Provider, dialect: Dialect, environ: Mapping[str, str], *, endpoint: str | None
) -> bool:
    """True when `resolve` would sign in through a cloud credential chain (AWS, Google): work
    that may wait on the network, so the climb does it in a thread, under the scan deadline."""
    key = lookup_key(provider.auth.env, environ)
    return (
        key.secret is None
        and not key.problem
        and endpoint is not None
        and dialect.auth is not AuthKind.KEY
    )


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
    if dialect.auth is AuthKind.AWS:
        other, credential = _aws(environ)
    elif dialect.auth is AuthKind.GOOGLE:
        other, credential = _google(environ, dialect, network)
    else:
        return key, None
    return KeyLookup(
        (*provider.auth.env, *other.env), other.used, other.secret, other.problem
    ), credential
