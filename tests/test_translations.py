"""Every user-facing string has its zh-hans translation."""

from __future__ import annotations

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry of a .po file; plural forms count by their first msgstr."""
    result = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts: dict[str, str] = {}
        key = ""
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?)\s+"(.*)"$', line)
            if match:
                key = match.group(1).replace("[0]", "")
                parts[key] = match.group(2)
            elif line.startswith('"') and key:
                parts[key] += line[1:-1]
            elif not line.startswith("#"):
                key = ""
        if "msgid" in parts:
            result.append((parts["msgid"], parts.get("msgstr", ""), fuzzy))
    return result


def test_the_catalogue_translates_every_string() -> None:
    items = [entry for entry in entries(CATALOGUE.read_text("utf-8")) if entry[0]]
    assert len(items) > 100
    missing = [msgid for msgid, msgstr, _ in items if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in items if is_fuzzy]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_the_compiled_catalogue_is_there() -> None:
    assert CATALOGUE.with_suffix(".mo").exists()
