"""JUnit XML (xunit2): one testcase per model, named by its ref. A model the policy fails is a
failure carrying its status, reason and evidence; a model not reachable but not failed is
skipped with its verdict; a reachable one passes. Each coverage rule is a testcase too
(classname accesscheck.coverage), failed when it is not met."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from accesscheck.keys import scrub
from accesscheck.model import Report, Status

# XML 1.0 cannot hold most control characters, even escaped.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("?", scrub(value))


def render(report: Report) -> str:
    failed = {f.ref: f for f in report.failures}
    unmet = [c for c in report.coverage if not c.met]
    skipped = sum(
        1 for r in report.results if r.ref not in failed and r.status is not Status.REACHABLE
    )
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": "accesscheck",
            "tests": str(len(report.results) + len(report.coverage)),
            "failures": str(len(failed) + len(unmet)),
            "errors": "0",
            "skipped": str(skipped),
            "time": f"{report.duration_ms / 1000:.3f}",
            "timestamp": report.started_at,
        },
    )
    for result in report.results:
        seconds = (result.latency_ms or 0) / 1000
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"accesscheck.{result.provider}",
                "name": _text(result.ref),
                "time": f"{seconds:.3f}",
            },
        )
        verdict = f"{result.status.value}/{result.reason.value}"
        if result.ref in failed:
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": _text(f"{result.ref} {failed[result.ref].why}"),
                    "type": result.status.value,
                },
            )
            failure.text = _text(f"{failed[result.ref].evidence}\nremedy: {result.remedy or '-'}")
        elif result.status is not Status.REACHABLE:
            ET.SubElement(
                case,
                "skipped",
                {"message": _text(f"{verdict} ({result.evidence.value}): {result.detail}")},
            )
    for rule in report.coverage:
        named = {"classname": "accesscheck.coverage", "name": _text(f"coverage {rule.rule}")}
        case = ET.SubElement(suite, "testcase", named)
        if not rule.met:
            ET.SubElement(case, "failure", {"message": _text(str(rule)), "type": "coverage"})
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
