"""Files we are given by name (issue #11): a FIFO or a device is refused in one line with exit 2,
never waited on or read to the size cap; files we write keep the mode a user expects."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from accesscheck import files
from accesscheck.errors import ConfigError
from tests.conftest import provider_entry
from tests.emulator.server import OK, Emulator, Scenario

REPO = Path(__file__).resolve().parents[1]


def accesscheck(
    *args: str, env: dict[str, str] | None = None, umask: int = 0o022, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """The real process, so that a FIFO that is waited on fails the test instead of hanging
    it (the timeout), with a known umask."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SSL_", "GITHUB_"))}
    environ.update({"PYTHONPATH": str(REPO), "NO_COLOR": "1", **(env or {})})

    def set_umask() -> None:
        os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "accesscheck", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=REPO,
        timeout=timeout,
        preexec_fn=set_umask,  # only sets the umask, no locks involved
        check=False,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.json"  # a name -o takes
    os.mkfifo(path)
    return path


@pytest.fixture
def registry_file(tmp_path: Path, closed_port: int) -> Path:
    """One local provider on a port nothing listens on: a scan over it takes no time."""
    path = tmp_path / "providers.yaml"
    entry = provider_entry("local", "openai", f"http://127.0.0.1:{closed_port}/v1", ["m"])
    path.write_text(yaml.safe_dump({"version": 1, "providers": [entry]}))
    return path


def _one_line_exit_2(done: subprocess.CompletedProcess[str], path: Path | str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and str(path) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


SPECIAL = ["fifo", "/dev/zero", "/dev/urandom"]


def _special(which: str, fifo: Path) -> Path:
    return fifo if which == "fifo" else Path(which)


@pytest.mark.parametrize("which", SPECIAL)
def test_body_file_refuses_fifos_and_devices(which: str, fifo: Path) -> None:
    path = _special(which, fifo)
    done = accesscheck("explain", "--provider", "openai", "--body-file", str(path))
    _one_line_exit_2(done, path)
    assert "not a regular file" in done.stderr


@pytest.mark.parametrize("which", SPECIAL)
def test_report_inputs_refuse_fifos_and_devices(
    which: str, fifo: Path, tmp_path: Path, registry_file: Path
) -> None:
    path = _special(which, fifo)
    good = tmp_path / "good.json"
    scan = ("scan", "--registry", str(registry_file), "--no-history", "--timeout", "1")
    assert accesscheck(*scan, "-o", str(good)).returncode != 2
    for args in (
        ["diff", str(good), str(path)],
        ["merge", str(good), str(path)],
        ["export", "env", "--report", str(path), "--registry", str(registry_file)],
        ["scan", "--registry", str(registry_file), "--no-history", "--baseline", str(path)],
    ):
        done = accesscheck(*args)
        _one_line_exit_2(done, path)
        assert "not a regular file" in done.stderr, args


@pytest.mark.parametrize("which", SPECIAL)
def test_ca_bundles_refuse_fifos_and_devices(which: str, fifo: Path, registry_file: Path) -> None:
    path = _special(which, fifo)
    scan = ("scan", "--registry", str(registry_file), "--no-history", "--timeout", "1")
    _one_line_exit_2(accesscheck(*scan, "--ca-bundle", str(path)), path)
    _one_line_exit_2(accesscheck(*scan, env={"SSL_CERT_FILE": str(path)}), path)


def test_a_registry_fifo_is_refused(fifo: Path) -> None:
    _one_line_exit_2(accesscheck("providers", "--registry", str(fifo)), fifo)


def test_a_step_summary_fifo_is_a_warning_not_a_hang(fifo: Path, registry_file: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(fifo)}
    done = accesscheck("scan", "--registry", str(registry_file), "--no-history", env=env)
    assert done.returncode in (0, 1, 3), done.stderr
    assert "warning: GITHUB_STEP_SUMMARY" in done.stderr and "not a regular file" in done.stderr


def test_an_output_over_a_fifo_is_refused_and_the_fifo_kept(
    fifo: Path, registry_file: Path
) -> None:
    done = accesscheck("scan", "--registry", str(registry_file), "--no-history", "-o", str(fifo))
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_the_helper_refuses_a_device_and_reads_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a regular file"):
        files.read_bounded(Path("/dev/zero"), 10, "thing")  # once read up to the cap
    with pytest.raises(ConfigError, match=r"cannot read the thing \(Is a directory\)"):
        files.read_bounded(tmp_path, 10, "thing")
    (tmp_path / "ok").write_bytes(b"0123456789")
    assert files.read_bounded(tmp_path / "ok", 10, "thing") == b"0123456789"


# ---------------------------------------------------------------- modes of written files


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int, expected: int
) -> None:
    umask(mask)
    assert files.current_umask() == mask
    target = tmp_path / "new.prom"
    files.write_atomically(target, "x\n")
    assert _mode(target) == expected


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_an_existing_file_keeps_its_mode(
    tmp_path: Path, umask: Callable[[int], None], mode: int
) -> None:
    umask(0o077)  # the umask does not apply to a file that already exists
    target = tmp_path / "badge.svg"
    target.write_text("old\n")
    target.chmod(mode)
    files.write_atomically(target, "new\n")
    assert (_mode(target), target.read_text()) == (mode, "new\n")


def test_every_file_the_cli_writes_follows_the_umask_or_keeps_its_mode(
    tmp_path: Path,
) -> None:
    with Emulator("openai", key="k" * 32, scenario=Scenario(models={"m": OK})) as server:
        reg = tmp_path / "providers.yaml"
        entry = provider_entry("local", "openai", server.base_url, ["m", "n"], env="LOCAL_KEY")
        reg.write_text(yaml.safe_dump({"version": 1, "providers": [entry]}))
        env = {"LOCAL_KEY": "k" * 32}
        out = tmp_path / "out"
        out.mkdir()
        kept = out / "kept.md"
        kept.write_text("old")
        kept.chmod(0o640)
        baseline = out / "baseline.json"
        common = ("--registry", str(reg), "--no-history", "--timeout", "5")
        done = accesscheck("scan", *common, "-o", str(out / "scan.prom"), "-o", str(kept),
                           "--baseline", str(baseline), "--update-baseline", env=env)  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        done = accesscheck(
            "discover", "--registry", str(reg), "--yaml", str(out / "found.yaml"), env=env
        )
        assert done.returncode in (0, 1), done.stderr
        done = accesscheck("merge", str(baseline), str(baseline), "-o", str(out / "m.md"))
        assert done.returncode == 0, done.stderr
        done = accesscheck("export", "env", "--report", str(baseline), "--registry", str(reg),
                           "-o", str(out / "exported.env"))  # fmt: skip
        assert done.returncode == 0, done.stderr
    modes = {p.name: _mode(p) for p in out.iterdir()}
    assert modes == {
        "scan.prom": 0o644,
        "kept.md": 0o640,
        "baseline.json": 0o644,
        "found.yaml": 0o644,
        "m.md": 0o644,
        "exported.env": 0o644,
    }


@pytest.mark.parametrize(
    ("limit", "said"), [(1024 * 1024, "1 MiB"), (1024, "1 KiB"), (1000, "1000 bytes")]
)
def test_a_file_over_its_cap_says_the_cap_in_its_unit(
    tmp_path: Path, limit: int, said: str
) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * (limit + 1))
    with pytest.raises(ConfigError, match=f"larger than {said}$"):
        files.read_bounded(big, limit, "report")
    exact = tmp_path / "exact"
    exact.write_bytes(b"x" * limit)
    assert len(files.read_bounded(exact, limit, "report")) == limit


# ---------------------------------------------------------------- the umask, read


def _linux_status_has_umask() -> bool:
    try:
        return "\nUmask:" in Path("/proc/self/status").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not _linux_status_has_umask(), reason="no Umask line in /proc (Linux 4.7+)")
def test_the_umask_is_read_from_proc_without_setting_it(
    umask: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Linux says the umask, it is only read: setting it, even back, would let a file
    another thread creates in between get the wrong mode."""
    umask(0o027)

    def never(mask: int) -> int:
        raise AssertionError(f"os.umask({mask:o}) called")

    with monkeypatch.context() as patch:  # undone before the fixture restores the umask
        patch.setattr(os, "umask", never)
        assert files.current_umask() == 0o027


def test_elsewhere_the_umask_is_set_through_the_strictest_mask_and_restored(
    umask: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without /proc the umask is set and put back at once, and the mask it is set to in
    between is 077: a file created meanwhile is never more open than intended."""
    umask(0o022)
    real_umask = os.umask
    calls: list[int] = []

    def recorded(mask: int) -> int:
        calls.append(mask)
        return real_umask(mask)

    class NoProc:
        def __init__(self, *_: object) -> None:
            pass

        def read_text(self) -> str:
            raise FileNotFoundError("/proc/self/status")

    with monkeypatch.context() as patch:  # undone before the fixture restores the umask
        patch.setattr(files, "Path", NoProc)
        patch.setattr(os, "umask", recorded)
        assert files.current_umask() == 0o022
    assert calls == [0o077, 0o022]
    assert real_umask(0o022) == 0o022  # and it was left as it was


def test_a_file_opened_to_append_is_created_with_the_umask_and_blocking(
    tmp_path: Path, umask: Callable[[int], None]
) -> None:
    """The step summary is appended to through open_regular, which creates it when missing:
    rw for whom the umask allows (0664 under 002), never executable. The descriptor it hands
    back blocks again: O_NONBLOCK was only for opening a FIFO without waiting."""
    umask(0o002)
    target = tmp_path / "summary.md"
    fd = files.open_regular(target, "step summary", os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        assert os.get_blocking(fd)
    finally:
        os.close(fd)
    assert _mode(target) == 0o664
