"""What a user installs: the wheel and the sdist build from the repository with its own build
backend, both carry the bundled registry, the sdist builds the same wheel again, and the
installed wheel (not this checkout) scans a loopback emulator. No network: the backend is called in-process
(no isolated build environment to download) and the wheel goes in with --no-index --no-deps,
its dependencies coming from this environment. `.ci/run` adds `twine check`, and a fresh venv
that installs the wheel with its dependencies from the registry and scans the bundled registry
with no network at all (exit 3)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CANARY, provider_entry, write_registry
from tests.emulator.server import OK, Emulator, Scenario

REPO = Path(__file__).resolve().parents[1]

BUILD = """
import sys
from hatchling.build import build_sdist, build_wheel
out = sys.argv[1]
print(build_wheel(out)); print(build_sdist(out))
"""


def build(source: Path, out: Path) -> tuple[Path, Path]:
    """Build a wheel and an sdist of `source` into `out` with hatchling, the declared backend."""
    if importlib.util.find_spec("hatchling") is None:
        reason = "hatchling is not installed (the test extra brings it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", BUILD, str(out)], cwd=source,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    wheel_name, sdist_name = done.stdout.split()[-2:]
    return out / wheel_name, out / sdist_name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build(REPO, tmp_path_factory.mktemp("dist"))


def test_the_wheel_carries_the_bundled_registry_and_no_tests(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    names = zipfile.ZipFile(wheel).namelist()
    assert "accesscheck/providers.yaml" in names
    assert (
        zipfile.ZipFile(wheel).read("accesscheck/providers.yaml")
        == (REPO / "providers.yaml").read_bytes()
    )  # the file itself, not the repository's symlink to it
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    requires = re.findall(r"^Requires-Dist: ([\w-]+)(.*)$", metadata, re.MULTILINE)
    plain = {name for name, rest in requires if "extra ==" not in rest}
    assert {"certifi", "anyio", "httpx", "typer", "rich"} <= plain
    # the heavy LiteLLM round trip is its own extra, never part of the test extra
    litellm = [rest for name, rest in requires if name == "litellm"]
    assert litellm and all(("test-litellm" in r or "'bench'" in r) for r in litellm), litellm


def test_the_sdist_is_self_contained_and_builds_the_same_wheel(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    wheel, sdist = built
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="tar")
    (source,) = tmp_path.iterdir()
    for name in ("providers.yaml", "README.md", "pyproject.toml", "tests/corpus/corpus.jsonl",
                 "tests/corpus/reliability-checklist.md"):  # fmt: skip
        assert (source / name).is_file(), name
    again, _ = build(source, tmp_path / "again")
    assert sorted(zipfile.ZipFile(again).namelist()) == sorted(zipfile.ZipFile(wheel).namelist())
    assert (
        zipfile.ZipFile(again).read("accesscheck/providers.yaml")
        == (REPO / "providers.yaml").read_bytes()
    )


def test_the_installed_wheel_lists_the_bundled_registry_and_scans(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    wheel, _ = built
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, timeout=300)  # fmt: skip
    # PYTHONPATH is the installed wheel alone, ahead of this checkout's editable install
    env = {**os.environ, "PYTHONPATH": str(target)}

    def accesscheck(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(target / "bin" / "accesscheck"), *args], capture_output=True,
                              text=True, env=env | extra, cwd=tmp_path, timeout=120)  # fmt: skip

    where = subprocess.run([sys.executable, "-c", "import accesscheck; print(accesscheck.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True)  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(target)
    listed = accesscheck("providers", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "openai" in {p["id"] for p in json.loads(listed.stdout)["providers"]}
    # the schemas ship beside the bundled registry, whose modeline names schemas/ (#16)
    schema = accesscheck("schema", "registry")
    assert schema.returncode == 0, schema.stderr
    shipped = target / "accesscheck" / "schemas" / "registry.schema.json"
    assert schema.stdout == shipped.read_text() == (REPO / shipped.relative_to(target)).read_text()

    with Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as server:
        up = write_registry(tmp_path / "up.yaml",
                            [provider_entry("one", "openai", server.base_url, ["m"])])  # fmt: skip
        result = accesscheck("scan", "--registry", str(up), "--format", "json", "--no-history",
                             ONE_API_KEY=CANARY)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["status"] == "reachable"
    assert CANARY not in result.stdout + result.stderr


def test_no_test_reads_a_file_outside_the_repository() -> None:
    """A fresh clone must test on its own: nothing under tests/ or bench/ reaches above the
    repository (the corpus once came from the research notes beside the checkout, and a clone
    without them could not collect)."""
    outside = re.compile(
        r"parents\[[2-9]\]|REPO\.parent|\.parent\.parent\.parent|/work/|\"shar" r"ed\" /"
    )
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in [*REPO.glob("tests/**/*.py"), *REPO.glob("bench/**/*.py")]
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if outside.search(line)
    ]
    assert offenders == []
