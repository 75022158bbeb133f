"""Cloud credentials through the clouds' own chains, offline: botocore's profiles for Bedrock,
google-auth's ADC location (CLOUDSDK_CONFIG) for Vertex (issue #11)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests import test_providers
from tests.conftest import CANARY, Providers, Runner
from tests.emulator.server import OK
from tests.test_providers import service_account, verdict

AKID = test_providers.TestBedrock.AKID
MODEL = "bedrock/anthropic.claude-opus-5-5"


def aws_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared credentials file and a config file, each with a profile holding static keys."""
    aws = tmp_path / "aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        f"[scanner]\naws_access_key_id = {AKID}\naws_secret_access_key = {CANARY}\n"
    )
    (aws / "config").write_text(
        f"[profile from-config]\naws_access_key_id = {AKID}\naws_secret_access_key = {CANARY}\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws / "config"))


@pytest.mark.parametrize(
    ("profile", "method"),
    [("scanner", "shared-credentials-file"), ("from-config", "config-file")],
)
def test_bedrock_signs_with_an_aws_profile(
    run: Runner,
    providers: Providers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    profile: str,
    method: str,
) -> None:
    emulator = test_providers.TestBedrock().add(
        providers, key=AKID, models={"anthropic.claude-opus-5-5": OK}
    )
    aws_files(tmp_path, monkeypatch)
    providers.env["AWS_PROFILE"] = profile
    _, results, report = providers.scan(run, "--deep")
    assert verdict(results[MODEL]) == "reachable/ok", results[MODEL]["detail"]
    assert emulator.signatures and {s["akid"] for s in emulator.signatures} == {AKID}
    assert report["providers"][0]["key_env_used"] == f"AWS profile {profile} ({method})"


def test_an_unknown_aws_profile_is_named_not_a_crash(
    run: Runner, providers: Providers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = test_providers.TestBedrock().add(
        providers, key=AKID, models={"anthropic.claude-opus-5-5": OK}
    )
    aws_files(tmp_path, monkeypatch)
    providers.env["AWS_PROFILE"] = "nobody"
    _, results, _ = providers.scan(run, "--deep")
    assert verdict(results[MODEL]) == "unknown/no_credentials"
    assert "could not load AWS credentials (ProfileNotFound)" in results[MODEL]["detail"]
    assert all("authorization" not in r.headers for r in emulator.requests)


def test_an_aws_profile_without_the_aws_extra_says_which_to_install(
    run: Runner, providers: Providers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_providers.TestBedrock().add(providers, key=AKID, models={"anthropic.claude-opus-5-5": OK})
    aws_files(tmp_path, monkeypatch)
    providers.env["AWS_PROFILE"] = "scanner"
    monkeypatch.setitem(sys.modules, "botocore.session", None)  # as if botocore were missing
    _, results, _ = providers.scan(run)
    assert verdict(results[MODEL]) == "unknown/no_credentials"
    assert "pip install 'accesscheck[aws]'" in results[MODEL]["detail"]


def test_no_aws_configuration_means_no_credentials_and_no_botocore(
    run: Runner, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without keys, profile or files, the chain is not consulted (nor the metadata service)."""
    test_providers.TestBedrock().add(providers, key=AKID, models={"anthropic.claude-opus-5-5": OK})
    monkeypatch.setitem(sys.modules, "botocore.session", None)
    _, results, _ = providers.scan(run)
    assert verdict(results[MODEL]) == "unknown/no_credentials"
    assert "aws extra" not in results[MODEL]["detail"]


def test_vertex_finds_gcloud_credentials_under_cloudsdk_config(
    run: Runner, providers: Providers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = test_providers.TestVertex().add(providers, {"gemini-3.8-flash": OK})
    config = tmp_path / "gcloud-elsewhere"
    config.mkdir()
    service_account(config / "application_default_credentials.json", f"{emulator.origin}/token")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(config))
    _, results, report = providers.scan(run, "--deep")
    assert verdict(results["vertex/gemini-3.8-flash"]) == "reachable/ok"
    assert report["providers"][0]["key_env_used"] == "gcloud application default credentials"
    assert next(r.path for r in emulator.requests if r.method == "POST") == "/token"


def test_vertex_without_the_gcp_extra_still_finds_cloudsdk_config(
    run: Runner, providers: Providers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_providers.TestVertex().add(providers, {"gemini-3.8-flash": OK})
    config = tmp_path / "gcloud-elsewhere"
    config.mkdir()
    (config / "application_default_credentials.json").write_text("{}")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(config))
    monkeypatch.setitem(sys.modules, "google.auth", None)
    _, results, _ = providers.scan(run)
    result = results["vertex/gemini-3.8-flash"]
    assert verdict(result) == "unknown/no_credentials"
    assert "pip install 'accesscheck[gcp]'" in result["detail"]
