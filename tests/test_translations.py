"""The Dutch catalogue is complete, well-formed and in step with the source strings.

English is the source language; every string a user sees must also exist in Dutch. These tests
read the committed .po files; the rendering test also needs the compiled .mo files
(`make setup` runs compilemessages).
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = Path("dijkwacht") / "locale"
NL_PO = ROOT / LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
EN_PO = ROOT / LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# A printf-style conversion as Python's % operator reads it; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%%|%(?:\([^)]*\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
HTML_TAG = re.compile(r"<[^>]+>")


def _entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def _keys(entries: list[polib.POEntry]) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in entries}


def _placeholders(text: str) -> set[str]:
    return {match for match in PLACEHOLDER.findall(text) if match != "%%"}


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Pairs of (source, translation), one per plural form for plural entries."""
    if entry.msgid_plural:
        return [
            (entry.msgid if form == 0 else entry.msgid_plural, text)
            for form, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


@pytest.fixture(scope="module")
def nl_entries() -> list[polib.POEntry]:
    return _entries(NL_PO)


@pytest.mark.parametrize(("path", "language"), [(NL_PO, "nl"), (EN_PO, "en")])
def test_catalogue_header_names_its_language_and_plural_rule(path, language):
    catalogue = polib.pofile(str(path))

    assert catalogue.metadata.get("Language") == language
    assert catalogue.metadata.get("Plural-Forms") == PLURAL_FORMS
    assert "charset=UTF-8" in catalogue.metadata.get("Content-Type", "")
    assert not catalogue.metadata_is_fuzzy


def test_every_dutch_entry_is_translated_and_none_is_fuzzy(nl_entries):
    assert nl_entries
    untranslated = [
        entry.msgid
        for entry in nl_entries
        if any(not text.strip() for _source, text in _translations(entry))
        or (entry.msgid_plural and len(entry.msgstr_plural) != 2)
    ]
    fuzzy = [entry.msgid for entry in nl_entries if "fuzzy" in entry.flags]

    assert not untranslated and not fuzzy, (
        "Untranslated in nl:\n  "
        + "\n  ".join(untranslated or ["(none)"])
        + "\nFuzzy in nl:\n  "
        + "\n  ".join(fuzzy or ["(none)"])
    )


def test_dutch_translations_keep_the_placeholders_of_the_source(nl_entries):
    mismatches = [
        f"{source!r}: {sorted(_placeholders(source))} -> {translation!r}"
        for entry in nl_entries
        if "python-format" in entry.flags
        for source, translation in _translations(entry)
        if _placeholders(source) != _placeholders(translation)
    ]

    assert not mismatches, "Placeholders differ:\n" + "\n".join(mismatches)


def test_strings_with_named_placeholders_are_marked_python_format(nl_entries):
    unmarked = [
        entry.msgid
        for entry in nl_entries
        if "%(" in entry.msgid and "python-format" not in entry.flags
    ]

    assert not unmarked


def test_dutch_translations_keep_the_html_tags_of_the_source(nl_entries):
    mismatches = [
        f"{source!r} -> {translation!r}"
        for entry in nl_entries
        for source, translation in _translations(entry)
        if Counter(HTML_TAG.findall(source)) != Counter(HTML_TAG.findall(translation))
    ]

    assert not mismatches, "HTML tags differ:\n" + "\n".join(mismatches)


def test_english_catalogue_has_the_same_entries_and_leaves_them_to_the_source(nl_entries):
    en_entries = _entries(EN_PO)

    assert _keys(en_entries) == _keys(nl_entries)
    assert all(not text for entry in en_entries for _source, text in _translations(entry)), (
        "English is the source language: its msgstrs stay empty"
    )


def test_dutch_catalogue_covers_exactly_the_strings_in_the_source(tmp_path, nl_entries):
    # makemessages merges into the catalogue it finds, so a copy keeps the working tree untouched.
    shutil.copytree(
        ROOT / "dijkwacht",
        tmp_path / "dijkwacht",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    shutil.copytree(
        ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy2(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DIJKWACHT_DEMO": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("PYTHONPATH", None)

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=var",
            "--no-obsolete",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    in_source = _keys(_entries(tmp_path / LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"))
    committed = _keys(nl_entries)
    missing = sorted(msgid for _ctx, msgid in in_source - committed)
    extra = sorted(msgid for _ctx, msgid in committed - in_source)

    assert in_source == committed, (
        "Run `make messages` and translate.\n"
        + "Missing from nl catalogue:\n  "
        + "\n  ".join(missing or ["(none)"])
        + "\nIn nl catalogue but no longer in source:\n  "
        + "\n  ".join(extra or ["(none)"])
    )


def test_login_page_speaks_dutch_unless_english_was_chosen(client, db):
    dutch = client.get("/inloggen/")

    assert dutch.status_code == 200
    assert '<html lang="nl"' in dutch.text
    assert "Inloggen bij Dijkwacht" in dutch.text
    assert "Direct naar de inhoud" in dutch.text
    assert "Log in to Dijkwacht" not in dutch.text

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/inloggen/")

    assert english.status_code == 200
    assert '<html lang="en"' in english.text
    assert "Log in to Dijkwacht" in english.text
    assert "Skip to content" in english.text
    assert "Inloggen bij Dijkwacht" not in english.text
