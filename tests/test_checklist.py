"""Every row of the reliability checklist (tests/corpus/reliability-checklist.md, A–H) has a
test: CHECKLIST maps each row to the tests that exercise it for real, and the first test below
keeps that map honest (every row present, every named test existing). The rows no other file
covered are tested here."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import CANARY, Runner, provider_entry, write_registry
from tests.emulator.server import OK, Emulator, Scenario

REPO = Path(__file__).parents[1]
RELIABILITY = REPO / "tests" / "corpus" / "reliability-checklist.md"

CHECKLIST: dict[str, list[str]] = {
    "A1": ["test_scan::test_no_provider_answering_means_local_network_down",
           "test_scan::test_without_a_key_an_api_location_refusal_is_not_guessed"],
    "A2": ["test_keys::test_first_set_variable_wins_and_blank_is_unset"],
    "A3": ["test_keys::test_surrounding_whitespace_is_stripped",
           "test_checklist::test_a3_a_padded_key_is_stripped_with_a_warning"],
    "A4": ["test_keys::test_malformed_keys_are_refused_without_echo"],
    "A5": ["test_keys::test_malformed_keys_are_refused_without_echo"],
    "A6": ["test_keys::test_malformed_keys_are_refused_without_echo"],
    "A7": ["test_keys::test_malformed_keys_are_refused_without_echo"],
    "A8": ["test_keys::test_malformed_keys_are_refused_without_echo"],
    "A9": ["registry.test_loading::test_literal_secrets_are_refused_without_echo"],
    "A10": ["registry.test_loading::test_literal_secrets_are_refused_without_echo"],
    "A11": ["probe.test_transport::test_sslkeylogfile_is_never_written"],
    "A12": ["test_cli::test_colour_only_on_a_terminal_and_never_with_no_color",
            "test_checklist::test_a12_warnings_as_errors_and_a_dumb_terminal_change_nothing",
            "test_scan::test_table_output_is_plain_without_a_tty"],
    "B1": ["registry.test_loading::test_files_that_are_not_registries"],
    "B2": ["registry.test_loading::test_bad_registries"],
    "B3": ["registry.test_loading::test_bad_registries"],
    "B4": ["registry.test_loading::test_bad_registries", "classify.test_fuzz::test_any_text_is_a_registry_or_a_located_error"],
    "B5": ["registry.test_loading::test_bad_registries"],
    "B6": ["registry.test_loading::test_bad_registries"],
    "B7": ["registry.test_loading::test_bad_registries", "registry.test_loading::test_yaml_11_surprises_do_not_happen"],
    "B8": ["registry.test_loading::test_bad_registries"],
    "B9": ["registry.test_loading::test_alias_bomb_is_refused_before_it_expands"],
    "B10": ["registry.test_loading::test_bad_registries"],
    "B11": ["registry.test_loading::test_nesting_bomb_is_refused_quickly"],
    "B12": ["registry.test_loading::test_files_that_are_not_registries"],
    "B13": ["registry.test_loading::test_encodings"],
    "B14": ["registry.test_loading::test_bad_registries"],
    "B15": ["registry.test_loading::test_bad_registries", "classify.test_fuzz::test_any_yaml_structure_is_a_registry_or_a_located_error"],
    "B16": ["registry.test_loading::test_bad_registries", "test_hedge::test_registry_hedge_fields_are_validated"],
    "C1": ["registry.test_loading::test_bad_registries"],
    "C2": ["registry.test_loading::test_bad_registries"],
    "C3": ["registry.test_loading::test_bad_registries"],
    "C4": ["registry.test_loading::test_bad_registries"],
    "C5": ["registry.test_loading::test_bad_registries"],
    "C6": ["registry.test_loading::test_bad_registries"],
    "C7": ["registry.test_loading::test_bad_registries"],
    "C8": ["registry.test_loading::test_bad_registries"],
    "C9": ["registry.test_loading::test_bad_registries"],
    "C10": ["test_checklist::test_c10_a_custom_endpoint_for_a_known_provider_is_labelled"],
    "D1": ["probe.test_netfail::test_d1_d2_dns_nxdomain_and_temporary_are_told_apart"],
    "D2": ["probe.test_netfail::test_d1_d2_dns_nxdomain_and_temporary_are_told_apart"],
    "D3": ["probe.test_transport::test_a_hanging_resolver_ends_the_process_within_the_deadline"],
    "D4": ["probe.test_network::test_a_public_name_resolving_to_a_bogon_is_a_suspicious_dns_answer",
           "probe.test_network::test_suspicious_addresses"],
    "D5": ["probe.test_netfail::test_e12_a_certificate_for_another_host"],
    "E1": ["probe.test_netfail::test_e1_connection_refused"],
    "E2": ["probe.test_netfail::test_e2_a_blackhole_is_a_tcp_timeout_after_the_connect_budget"],
    "E3": ["probe.test_transport::test_reset_during_tls_handshake"],
    "E4": ["probe.test_transport::test_eof_during_tls_handshake"],
    "E5": ["probe.test_netfail::test_e5_a_stalled_handshake_is_a_tls_timeout_within_the_deadline"],
    "E6": ["probe.test_netfail::test_e6_a_tls_alert_is_named"],
    "E7": ["probe.test_transport::test_plain_http_on_a_tls_port"],
    "E8": ["test_scan::test_untrusted_certificate_stops_before_the_key"],
    "E9": ["probe.test_network::test_a_corporate_ca_bundle_works_without_turning_verification_off"],
    "E10": ["probe.test_network::test_e10_a_ca_that_strict_x509_refuses_works_with_trust_os"],
    "E11": ["probe.test_netfail::test_e11_an_expired_certificate"],
    "E12": ["probe.test_netfail::test_e12_a_certificate_for_another_host"],
    "E13": ["probe.test_network::test_a_self_signed_server_certificate_is_named_and_gets_no_key"],
    "F1": ["probe.test_transport::test_redirect_is_not_followed_and_location_is_sanitised",
           "test_scan::test_cross_host_redirect_is_reported_not_followed"],
    "F2": ["probe.test_transport::test_f2_a_downgrade_to_plain_http_is_flagged"],
    "F3": ["probe.test_transport::test_f2_a_downgrade_to_plain_http_is_flagged"],
    "F4": ["test_scan::test_captive_portal_never_gets_the_key", "classify.test_decide::test_html_is_never_reachable"],
    "F5": ["test_scan::test_bad_key_is_auth_invalid_and_never_echoed"],
    "F6": ["classify.test_decide::test_html_is_never_reachable"],
    "F7": ["probe.test_transport::test_f7_a_huge_retry_after_is_never_waited_for"],
    "F8": ["test_scan::test_account_and_capacity_states"],
    "F9": ["probe.test_transport::test_f9_dripping_headers_hit_the_deadline"],
    "F10": ["probe.test_transport::test_a_dripping_server_cannot_hold_the_probe_past_its_deadline"],
    "F11": ["probe.test_netfail::test_f11_accepts_but_never_answers"],
    "F12": ["probe.test_transport::test_a_huge_body_is_cut_at_the_cap"],
    "F13": ["probe.test_transport::test_gzip_bomb_is_inflated_only_up_to_the_cap",
            "probe.test_transport::test_f13_f15_bodies_that_cannot_be_read_whole"],
    "F14": ["probe.test_transport::test_unknown_content_encoding_is_a_failure_not_a_crash"],
    "F15": ["probe.test_transport::test_garbage_replies", "probe.test_transport::test_f13_f15_bodies_that_cannot_be_read_whole",
            "probe.test_transport::test_f15_a_reset_in_the_middle_of_the_body"],
    "F16": ["probe.test_transport::test_garbage_replies"],
    "F17": ["probe.test_transport::test_f17_a_200_kb_header_line_is_a_protocol_error"],
    "F18": ["test_keys::test_scrub_escapes_terminal_control_sequences_and_keeps_words"],
    "F19": ["test_scan::test_bad_key_is_auth_invalid_and_never_echoed", "test_canary::test_no_canary_anywhere"],
    "G1": ["probe.test_network::test_a_scan_through_a_connect_proxy_sees_what_a_direct_one_does"],
    "G2": ["probe.test_network::test_an_unreachable_proxy"],
    "G3": ["probe.test_network::test_a_refusing_proxy_is_named_as_the_proxy"],
    "G4": ["probe.test_network::test_a_refusing_proxy_is_named_as_the_proxy"],
    "G5": ["probe.test_network::test_our_proxy_decision_agrees_with_httpx_routing"],
    "G6": ["probe.test_network::test_our_proxy_decision_agrees_with_httpx_routing"],
    "G7": ["test_cli::test_unusable_environment_is_a_config_error"],
    "G8": ["test_cli::test_unusable_environment_is_a_config_error", "probe.test_network::test_a_bad_proxy_url_is_a_usage_error"],
    "G9": ["probe.test_network::test_the_environment_proxy_is_used_unless_no_env_proxy"],
    "G10": ["probe.test_network::test_a_key_is_never_sent_over_plain_http_through_a_proxy"],
    "G11": ["test_checklist::test_g11_the_suite_is_hermetic"],
    "H1": ["test_process::test_h1_one_hanging_provider_cannot_hold_the_scan_past_its_deadline"],
    "H2": ["test_process::test_h2_a_signal_mid_scan_flushes_the_partial_report",
           "test_process::test_h2_sigterm_outside_a_scan_is_quiet"],
    "H3": ["test_cli::test_broken_pipe_is_quiet"],
    "H4": ["test_cli::test_internal_error_is_one_scrubbed_line"],
    "H5": ["report.test_renderers::test_json_report_schema_v1", "test_canary::test_no_canary_anywhere"],
    "H6": ["test_scan::test_debug_prints_each_rung_scrubbed", "test_canary::test_no_canary_anywhere"],
    "H7": ["probe.test_netfail::test_e11_an_expired_certificate"],
    "H8": ["test_checklist::test_h8_no_home_and_an_unwritable_data_dir"],
}  # fmt: skip


def test_every_checklist_row_has_a_test_that_exists() -> None:
    # Read unconditionally: a missing checklist fails here rather than passing with no rows.
    text = RELIABILITY.read_text()
    rows = {line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")}
    rows = {r for r in rows if r[:1] in "ABCDEFGH" and r[1:].isdigit()}
    assert rows == set(CHECKLIST), sorted(rows ^ set(CHECKLIST))
    for row, tests in CHECKLIST.items():
        for name in tests:
            module, function = name.split("::")
            assert hasattr(importlib.import_module(f"tests.{module}"), function), (row, name)


def test_a3_a_padded_key_is_stripped_with_a_warning(run: Runner, tmp_path: Path) -> None:
    with Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as server:
        reg = write_registry(
            tmp_path / "r.yaml", [provider_entry("one", "openai", server.base_url, ["m"])]
        )
        result = run("scan", "--registry", str(reg), "--format", "json", "--no-history",
                     env={"ONE_API_KEY": f"  {CANARY}\n"})  # fmt: skip
    assert (
        "accesscheck: warning: ONE_API_KEY has surrounding whitespace; it was stripped"
        in result.err
    )
    (only,) = json.loads(result.out)["results"]
    assert only["status"] == "reachable"  # the stripped key worked


def test_c10_a_custom_endpoint_for_a_known_provider_is_labelled(
    run: Runner, tmp_path: Path
) -> None:
    with Emulator("openai", key=CANARY, scenario=Scenario(models={"gpt-5.5": OK})) as gateway:
        path = tmp_path / "gateway.yaml"
        path.write_text(yaml.safe_dump({"version": 1, "extends": "builtin", "providers": [
            {"id": "openai", "base_url": gateway.base_url}]}))  # fmt: skip
        doc = run("scan", "--registry", str(path), "--format", "json", "--no-history",
                  env={"OPENAI_API_KEY": CANARY})  # fmt: skip
        table = run("scan", "--registry", str(path), "--no-history", env={"OPENAI_API_KEY": CANARY})
    providers = {p["id"]: p for p in json.loads(doc.out)["providers"]}
    assert providers["openai"]["custom_endpoint"] is True
    assert providers["anthropic"]["custom_endpoint"] is False
    assert f"{gateway.base_url} (custom endpoint)" in table.out


def test_g11_the_suite_is_hermetic() -> None:
    """The hermetic fixture (conftest) ran: whatever the developer's shell had, no proxy, CA
    bundle, key log or registry variable reaches a test."""
    leaked = [name for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
              "https_proxy", "http_proxy", "SSL_CERT_FILE", "SSLKEYLOGFILE",
              "ACCESSCHECK_REGISTRY", "OPENAI_API_KEY") if name in os.environ]  # fmt: skip
    assert leaked == []
    assert os.environ["XDG_DATA_HOME"].endswith("xdg-data")  # history goes to the test's dir


def test_h8_no_home_and_an_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory would go")
    with Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as server:
        reg = write_registry(
            tmp_path / "r.yaml", [provider_entry("one", "openai", server.base_url, ["m"])]
        )
        env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_DATA_HOME")}
        env |= {"XDG_DATA_HOME": str(blocker / "data"), "ONE_API_KEY": CANARY}
        done = subprocess.run([sys.executable, "-m", "accesscheck", "scan", "--registry", str(reg),
                               "--format", "json"], capture_output=True, text=True, env=env,
                              cwd=REPO, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "warning" in done.stderr  # the history could not be written: said, not fatal
    assert json.loads(done.stdout)["results"][0]["status"] == "reachable"


def test_a12_warnings_as_errors_and_a_dumb_terminal_change_nothing(tmp_path: Path) -> None:
    with Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as server:
        reg = write_registry(
            tmp_path / "r.yaml", [provider_entry("one", "openai", server.base_url, ["m"])]
        )
        env = {**os.environ, "PYTHONWARNINGS": "error", "TERM": "dumb", "ONE_API_KEY": CANARY}
        done = subprocess.run([sys.executable, "-m", "accesscheck", "scan", "--registry", str(reg),
                               "--no-history"], capture_output=True, text=True, env=env, cwd=REPO,
                              timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "\x1b[" not in done.stdout and "✓ reachable" in done.stdout
