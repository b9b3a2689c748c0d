"""Audit the installed Python packages for known vulnerabilities (`make audit`).

pip-audit asks PyPI's JSON API about each installed release (`/pypi/<name>/<version>/json`). Where
that endpoint is not served (a registry mirror that answers per project only, as on this project's
build machines), pip-audit reports every package as "not found" and, misleadingly, "No known
vulnerabilities found". For those packages this script reads the project document
(`/pypi/<name>/json`) instead: its `vulnerabilities` are the advisories affecting the newest release,
so a package installed at its newest release is audited all the same, and one that is not is listed
as unaudited (an error with --strict).

Exit status: 0 clean, 1 a known vulnerability (not ignored), 2 the audit could not run.
Run it with the virtualenv's interpreter: it audits the environment it runs in.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

PYPI = "https://pypi.org/pypi"
NOT_ON_PYPI = "Dependency not found on PyPI"
TIMEOUT = 30


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    vuln_id: str
    aliases: tuple[str, ...]
    fixed_in: tuple[str, ...]

    def line(self) -> str:
        fix = ", ".join(self.fixed_in) or "no fixed release"
        also = f" ({', '.join(self.aliases)})" if self.aliases else ""
        return f"  {self.package} {self.version}: {self.vuln_id}{also}; fixed in: {fix}"


def canonical(name: str) -> str:
    """PEP 503 normalised name, as pip-audit and PyPI spell it."""
    return "-".join(name.replace("_", "-").replace(".", "-").lower().split("-"))


def installed_versions() -> dict[str, str]:
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}


def run_pip_audit(ignored: list[str]) -> dict[str, Any]:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--skip-editable", "--progress-spinner", "off", "--format", "json"]
    for vuln_id in ignored:
        command += ["--ignore-vuln", vuln_id]
    # A fixed command line of our own tool, no shell.
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603
    if result.returncode not in (0, 1):  # 1: vulnerabilities found, reported in the JSON
        sys.stderr.write(result.stderr)
        raise SystemExit(f"pip-audit failed ({result.returncode}); the audit could not run.")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def project_document(name: str) -> dict[str, Any]:
    # A fixed https URL on PyPI with a normalised package name: no user input, no file:// scheme.
    with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=TIMEOUT) as response:  # noqa: S310
        document: dict[str, Any] = json.load(response)
    return document


def newest_release_findings(name: str, version: str, ignored: set[str]) -> tuple[list[Finding], str | None]:
    """Findings for `name` at `version` from its project document, or why it could not be audited."""
    try:
        document = project_document(name)
    except urllib.error.HTTPError as exc:
        return [], f"PyPI answered {exc.code}"
    newest = (document.get("info") or {}).get("version")
    if newest != version:
        return [], f"newest release is {newest}; advisories are only published for that one here"
    findings = []
    seen: set[str] = set()
    for vuln in document.get("vulnerabilities") or []:
        aliases = tuple(vuln.get("aliases") or ())
        ids = {vuln["id"], *aliases}
        # PyPI lists one advisory under each database's id (PYSEC, GHSA): report it once, as pip-audit does.
        if vuln.get("withdrawn") or ids & ignored or ids & seen:
            continue
        seen |= ids
        findings.append(Finding(name, version, vuln["id"], aliases, tuple(vuln.get("fixed_in") or ())))
    return findings, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ignore-vuln", action="append", default=[], metavar="ID")
    parser.add_argument("--strict", action="store_true", help="fail when a package could not be audited")
    args = parser.parse_args()
    ignored = set(args.ignore_vuln)

    report = run_pip_audit(args.ignore_vuln)
    findings: list[Finding] = []
    fallback: list[str] = []
    dependencies: list[dict[str, Any]] = report["dependencies"]
    for dep in dependencies:
        for vuln in dep.get("vulns", []):
            aliases, fixes = tuple(vuln["aliases"]), tuple(vuln["fix_versions"])
            findings.append(Finding(dep["name"], dep["version"], vuln["id"], aliases, fixes))
        if dep.get("skip_reason", "").startswith(NOT_ON_PYPI):
            fallback.append(dep["name"])
    audited = sum(1 for dep in dependencies if "skip_reason" not in dep)
    print(f"pip-audit: {audited} packages audited, {len(fallback)} not found at PyPI's release API")

    unaudited: list[str] = []
    if fallback:
        versions = installed_versions()
        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                results = list(
                    pool.map(lambda name: newest_release_findings(name, versions[name], ignored), fallback)
                )
        except (urllib.error.URLError, TimeoutError) as exc:
            print(f"PyPI could not be reached ({exc}); the audit could not run.", file=sys.stderr)
            return 2
        for name, (newest_findings, reason) in zip(fallback, results, strict=True):
            findings += newest_findings
            if reason:
                unaudited.append(f"  {name} {versions[name]}: {reason}")
        print(
            f"PyPI project documents: {len(fallback) - len(unaudited)} packages audited at their newest "
            f"release, {len(unaudited)} not audited"
        )
    if unaudited:
        print("Not audited:", *unaudited, sep="\n")
    if findings:
        print("Known vulnerabilities:", *(f.line() for f in findings), sep="\n")
        return 1
    if unaudited and args.strict:
        return 2
    print("No known vulnerabilities found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
