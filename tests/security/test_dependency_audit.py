"""The dependency audit (`make audit`, tools/audit_dependencies.py) fails on a known vulnerability, whether
pip-audit found it or the fallback over PyPI's project documents did, and says what it could not audit.
PyPI is replaced by canned answers here; `make audit` asks the real one."""

from __future__ import annotations

import sys
import urllib.error
from typing import Any

import pytest

from tools import audit_dependencies as audit

NOT_FOUND = "Dependency not found on PyPI and could not be audited"
ADVISORY = {
    "id": "PYSEC-2099-1",
    "aliases": ["CVE-2099-0001", "GHSA-aaaa-bbbb-cccc"],
    "fixed_in": ["2.0"],
    "withdrawn": None,
}
# PyPI lists the same advisory again under its GitHub id.
SAME_ADVISORY = {**ADVISORY, "id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2099-0001", "PYSEC-2099-1"]}


def run(
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    pip_audit: list[dict[str, Any]],
    documents: dict[str, dict[str, Any]] | None = None,
    installed: dict[str, str] | None = None,
) -> int:
    def project_document(name: str) -> dict[str, Any]:
        if documents is None:
            raise urllib.error.URLError("no network")
        return documents[name]

    monkeypatch.setattr(audit, "run_pip_audit", lambda ignored: {"dependencies": pip_audit, "fixes": []})
    monkeypatch.setattr(audit, "project_document", project_document)
    monkeypatch.setattr(audit, "installed_versions", lambda: installed or {})
    monkeypatch.setattr(sys, "argv", ["audit_dependencies.py", *args])
    return audit.main()


def skipped(name: str, version: str) -> dict[str, Any]:
    return {"name": name, "skip_reason": f"{NOT_FOUND}: {name} ({version})"}


def test_a_vulnerable_package_at_its_newest_release_fails_the_audit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run(
        monkeypatch,
        pip_audit=[skipped("leaky", "1.4"), skipped("fine", "3.0")],
        documents={
            "leaky": {"info": {"version": "1.4"}, "vulnerabilities": [ADVISORY, SAME_ADVISORY]},
            "fine": {"info": {"version": "3.0"}, "vulnerabilities": []},
        },
        installed={"leaky": "1.4", "fine": "3.0"},
    )

    out = capsys.readouterr().out
    assert status == 1
    assert "leaky 1.4: PYSEC-2099-1 (CVE-2099-0001, GHSA-aaaa-bbbb-cccc); fixed in: 2.0" in out
    assert out.count("CVE-2099-0001") == 1  # one advisory, reported once
    assert "fine" not in out.split("Known vulnerabilities:")[1]


def test_an_ignored_advisory_passes_by_any_of_its_ids(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run(
        monkeypatch,
        "--ignore-vuln",
        "CVE-2099-0001",
        pip_audit=[skipped("leaky", "1.4")],
        documents={"leaky": {"info": {"version": "1.4"}, "vulnerabilities": [ADVISORY, SAME_ADVISORY]}},
        installed={"leaky": "1.4"},
    )
    assert status == 0
    assert "No known vulnerabilities found." in capsys.readouterr().out


def test_an_older_release_is_reported_as_not_audited_and_fails_only_when_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kwargs: dict[str, Any] = {
        "pip_audit": [skipped("pinned", "1.0")],
        "documents": {"pinned": {"info": {"version": "2.0"}, "vulnerabilities": []}},
        "installed": {"pinned": "1.0"},
    }
    assert run(monkeypatch, **kwargs) == 0
    assert "pinned 1.0: newest release is 2.0" in capsys.readouterr().out
    assert run(monkeypatch, "--strict", **kwargs) == 2


def test_what_pip_audit_finds_itself_fails_the_audit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = {
        "name": "leaky",
        "version": "1.4",
        "vulns": [{"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fix_versions": ["2.0"]}],
    }
    assert run(monkeypatch, pip_audit=[found]) == 1
    assert "leaky 1.4: PYSEC-2099-1 (CVE-2099-0001); fixed in: 2.0" in capsys.readouterr().out


def test_an_unreachable_pypi_is_an_audit_that_did_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(monkeypatch, pip_audit=[skipped("leaky", "1.4")], installed={"leaky": "1.4"}) == 2
