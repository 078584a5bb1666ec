"""One translation table: the app's labels with the messages of ingest and of the sandbox folded in, each key
defined once and in both languages; what is stored as a key and its arguments rendered in the page's language;
the filter bar's dropdown texts and sizes in words."""

from __future__ import annotations

import ast
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from dash import dcc

from dashboard.i18n import (FOLDED, LABELS, NNBSP, dropdown_labels, fmt_quarter, fmt_size, grid_locale_text,
                            stored_text, t)
from pipelines import messages as ingest_messages
from warehouse import sandbox_messages

ROOT = Path(__file__).parents[2]
TABLES = {  # the module, and the names of the dict literals that hold its keys
    "dashboard/i18n.py": ("LABELS",),
    "pipelines/messages.py": ("MESSAGES",),
    "warehouse/sandbox_messages.py": ("MESSAGES", "STATEMENT_REASONS"),
}


def literal_keys(path: str, name: str) -> list[str]:
    """The string keys written in the dict literal assigned to ``name`` in the module, in order, repeats kept
    (Python keeps the last of two equal keys without a word: only the source shows a repeat)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id == name for target in targets):
                assert isinstance(node.value, ast.Dict), f"{path}: {name} is not a dict literal"
                return [key.value for key in node.value.keys if isinstance(key, ast.Constant)]
    raise AssertionError(f"{path} assigns no {name}")


@pytest.mark.parametrize("path, name", [(path, name) for path, names in TABLES.items() for name in names])
def test_no_table_defines_a_key_twice(path, name):
    repeated = [key for key, count in Counter(literal_keys(path, name)).items() if count > 1]
    assert repeated == []


def test_the_app_defines_no_key_under_a_folded_prefix_and_nothing_folded_is_lost():
    own = literal_keys("dashboard/i18n.py", "LABELS")
    assert [key for key in own if key.partition(".")[0] in FOLDED] == []
    sandbox_own = [key for key in literal_keys("warehouse/sandbox_messages.py", "MESSAGES")]
    assert [key for key in sandbox_own if key.startswith("statement.")] == []  # those are built from the reasons
    assert len(LABELS) == len(own) + len(ingest_messages.MESSAGES) + len(sandbox_messages.MESSAGES)


def test_every_key_has_its_french_and_its_english():
    incomplete = [key for key, texts in LABELS.items()
                  if set(texts) != {"fr", "en"} or not all(text.strip() for text in texts.values())]
    assert incomplete == []


def test_folded_messages_are_the_modules_own_templates_not_copies():
    assert LABELS["ingest.rule.required"] is ingest_messages.MESSAGES["rule.required"]
    busy = sandbox_messages.MESSAGES["busy"]
    assert LABELS["sandbox.busy"] == {"fr": busy.fr, "en": busy.en}


@pytest.mark.parametrize("key, values, lang, text", [
    ("ingest.rule.required", {"column": "employer_id", "value": ""}, "fr",
     "employer_id est vide mais obligatoire ; renseignez-le"),
    ("ingest.rule.required", {"column": "employer_id", "value": ""}, "en",
     "employer_id is empty but required; fill it in"),
    ("ingest.value.negative_count", {"column": "open_vacancies", "value": "-1"}, "fr",
     "open_vacancies « -1 » est négatif ; un effectif vaut 0 ou plus"),
    ("ingest.file.no_sheet_loaded", {"path": "rh.xlsx", "sheets": [
        {"key": "file.sheet_not_a_table", "args": {"path": {"key": "part.sheet",
                                                            "args": {"path": "rh.xlsx", "sheet": "'Notes'"}}}}]},
     "fr", "rh.xlsx refusé : aucune de ses feuilles ne contient une source (rh.xlsx, feuille 'Notes' ignorée : "
           "elle n'a qu'une colonne, ce n'est donc pas un tableau d'une source)."),
    ("sandbox.busy", {"running": 4, "waiting": 2}, "fr",
     "Requête refusée\u00a0: la console est occupée, réessayez dans un instant (4 requêtes en cours et 2 en "
     "attente)."),
    ("sandbox.result_too_big", {"cap_bytes": 32_000_000}, "en",
     "The result is larger than the 32 MB the sandbox returns at most (WORKFORCE_SQL_RESULT_MAX_BYTES). Select "
     "fewer or narrower columns (e.g. left(text, 200)), aggregate, or add a LIMIT."),
])
def test_t_renders_a_folded_message_by_its_own_rules(key, values, lang, text):
    assert t(key, lang, **values) == text


def test_an_unknown_language_is_french_for_folded_messages_too():
    assert t("ingest.rule.required", "de", column="x", value="") == t("ingest.rule.required", "fr", column="x",
                                                                      value="")


@pytest.mark.parametrize("key, args, lang, text", [
    ("rule.required", '{"column": "learner_id", "value": ""}', "fr",
     "learner_id est vide mais obligatoire ; renseignez-le"),  # arguments as a table stores them, JSON text
    ("rule.required", {"column": "learner_id", "value": ""}, "en", "learner_id is empty but required; fill it in"),
    (None, None, "fr", "stored English"),  # a row of an earlier version, before keys existed
    ("rule.of_a_later_version", "{}", "fr", "stored English"),
    ("rule.required", "{}", "fr", "stored English"),  # arguments another version's template took
    ("rule.required", "not json", "fr", "stored English"),
])
def test_a_stored_message_reads_in_the_language_or_keeps_its_english(key, args, lang, text):
    assert stored_text("ingest", key, args, "stored English", lang) == text


def test_a_sandbox_error_reads_in_the_language():
    error = sandbox_messages.SandboxError.of("statement.drops", keyword="DROP")
    assert stored_text("sandbox", error.code, error.args, error.message, "fr").startswith(
        "Requête refusée\u00a0: DROP supprime un objet.")
    assert stored_text("sandbox", error.code, error.args, error.message, "en") == error.message
    old_way = sandbox_messages.SandboxError("error", "worded in English only")
    assert stored_text("sandbox", old_way.code, old_way.args, old_way.message, "fr") == "worded in English only"


def test_dropdown_labels_give_every_text_dash_shows_in_the_language():
    assert set(dropdown_labels("fr")) == set(dcc.Dropdown.Labels.__annotations__)
    assert dropdown_labels("fr")["search"] == "Rechercher"
    assert dropdown_labels("fr")["select_all"] == "Tout sélectionner"
    assert dropdown_labels("en")["no_options_found"] == "No match"
    # Dash fills in the count itself
    assert all("{num_selected}" in dropdown_labels(lang)["selected_count"] for lang in ("fr", "en"))


def test_quarters_read_as_each_language_writes_them():
    assert fmt_quarter(date(2021, 2, 1), "fr") == "T1 2021"
    assert fmt_quarter(date(2021, 12, 1), "en") == "Q4 2021"


@pytest.mark.parametrize("size_bytes, lang, text", [
    (32_000_000, "fr", f"32{NNBSP}Mo"),
    (32_000_000, "en", "32 MB"),
    (1_250_000, "fr", f"1,3{NNBSP}Mo"),
    (512_000, "en", "512 kB"),
    (999_950, "fr", f"1{NNBSP}Mo"),  # rounded before the unit is chosen: never "1 000 ko"
    (2_000_000_000, "fr", f"2{NNBSP}Go"),
])
def test_sizes_in_words(size_bytes, lang, text):
    assert fmt_size(size_bytes, lang) == text


def test_grid_texts_are_keys_ag_grid_knows_in_both_languages():
    import dash_ag_grid

    bundle = (Path(dash_ag_grid.__file__).parent / "dash_ag_grid.min.js").read_text(encoding="utf-8")
    french, english = grid_locale_text("fr"), grid_locale_text("en")
    assert set(french) == set(english) and len(french) > 40
    unknown = [key for key in french if f'{key}:"' not in bundle and f'("{key}",' not in bundle]
    assert unknown == []
    assert (french["contains"], french["noRowsToShow"], french["nextPage"]) == (
        "Contient", "Aucune ligne à afficher", "Page suivante")
    assert english["contains"] == "Contains"  # AG Grid's own English


def literal_label_uses() -> list[tuple[str, int, str]]:
    """Every ``t("key", ...)`` of the product's code whose key is written out: file, line, key."""
    uses = []
    for folder in ("dashboard", "pipelines", "warehouse"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                        and node.args and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    uses.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value))
    return uses


def test_every_label_the_code_asks_for_is_in_the_table():
    uses = literal_label_uses()
    assert len(uses) > 300  # the scan sees the pages, figures and report, not nothing
    missing = [f"{path}:{line} {key}" for path, line, key in uses if key not in LABELS]
    assert missing == []
