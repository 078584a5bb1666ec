"""Every message of ingest has a stable key, French and English templates, and renders from what is stored."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import ingest_files
from pipelines.messages import LANGUAGES, MESSAGES, placeholders, render
from tests.file_factory import write_bytes, write_source_file
from warehouse.build import ensure_schema

PIPELINES = Path(__file__).parents[2] / "pipelines"
KEY = re.compile(r"""["']((?:value|rule|file|note|part)\.[a-z_0-9]+)["']""")


def keys_in_code() -> set[str]:
    return {key for path in PIPELINES.rglob("*.py") if path.name != "messages.py"
            for key in KEY.findall(path.read_text(encoding="utf-8"))}


def test_every_key_the_code_can_produce_has_both_languages():
    missing = sorted(keys_in_code() - MESSAGES.keys())
    assert missing == []
    for key, templates in MESSAGES.items():
        assert set(templates) == set(LANGUAGES), key
        assert all(templates[lang].strip() for lang in LANGUAGES), key


def test_every_template_is_used_and_french_takes_no_argument_english_lacks():
    unused = sorted(MESSAGES.keys() - keys_in_code() - {"notes"})
    assert unused == []
    import string

    for key, templates in MESSAGES.items():
        per_language = [{name for _, name, _, _ in string.Formatter().parse(templates[lang]) if name}
                        for lang in LANGUAGES]
        # French may leave out an English word passed as an argument (a noun), never use one English lacks
        assert per_language[1] <= per_language[0], key
        assert placeholders(key) == per_language[0]


@pytest.mark.parametrize("key, args, lang, text", [
    ("value.not_in_reference", {"column": "programme_code", "value": "P-XYZ", "table": "programmes",
                                "file": "warehouse/reference/programmes.csv", "noun": "programme"}, "fr",
     "programme_code « P-XYZ » n'est pas dans la référence programmes (warehouse/reference/programmes.csv) ; "
     "corrigez le code ou ajoutez-le à la référence"),
    ("value.unknown_choice_with_french", {"column": "status", "value": "fini", "noun": "status",
                                          "values": {"any_of": ["enrolled", "completed", "withdrawn"]},
                                          "french": ["en_cours", "termine", "abandon"]}, "fr",
     "status « fini » n'est pas une valeur connue ; utilisez en_cours, termine, abandon (ou en anglais : enrolled, "
     "completed ou withdrawn)"),
    ("rule.required", {"column": "learner_id", "value": ""}, "fr",
     "learner_id est vide mais obligatoire ; renseignez-le"),
    ("file.no_sheet_loaded", {"path": "rh.xlsx", "sheets": [
        {"key": "file.sheet_not_a_table", "args": {"path": {"key": "part.sheet",
                                                            "args": {"path": "rh.xlsx", "sheet": "'Notes'"}}}}]},
     "fr", "rh.xlsx refusé : aucune de ses feuilles ne contient une source (rh.xlsx, feuille 'Notes' ignorée : elle "
           "n'a qu'une colonne, ce n'est donc pas un tableau d'une source)."),
    ("rule.duplicate_key", '{"first_line": 2, "key": "learner_id, skill_code, assessed_on"}', "en",
     "duplicate of line 2 (same learner_id, skill_code, assessed_on)"),
])
def test_render_in_each_language(key, args, lang, text):
    assert render(key, args, lang) == text


def test_a_missing_argument_is_an_error():
    with pytest.raises(KeyError, match="needs the argument 'path'"):
        render("file.empty", {}, "fr")


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def test_what_ingest_stores_renders_back_to_its_english_text_and_to_french(tmp_path, con):
    folder = tmp_path / "exports"
    (folder / "2025").mkdir(parents=True)
    write_source_file(folder / "2025", "enrolments", [
        {}, {"learner_id": "L2", "programme_code": "P-XYZ"}, {"learner_id": "L3", "status": "fini"},
        {"learner_id": "L4", "end_date": "31/12/2023"}, {"learner_id": "L5", "region_code": "Atlantis"},
        {"learner_id": "L6", "start_date": "1900-01-01"}, {}])
    write_source_file(folder, "hiring", [{"month": "2031-01"}, {"employer_id": "E2", "trade_code": "H2301"},
                                         {"employer_id": "E3", "openings": "3000000000"}, {"employer_id": "E4",
                                                                                           "extra": "x"}])
    write_source_file(folder, "placements", [{}], drop=["contract"], name="placements_sans_contrat.csv")
    write_bytes(folder / "empty.csv", b"")
    write_bytes(folder / "notes.csv", b"nom;commentaire\nDupont;ok\n")
    reports = ingest_files(con, [folder], today=date(2025, 6, 15))
    assert len(reports) == 5
    stored = con.execute("select reason, reason_key, reason_args from rejected_rows").fetchall()
    assert len(stored) >= 11
    for reason, key, args in stored:
        assert render(key, args, "en") == reason
        assert render(key, args, "fr") != reason
    logged = con.execute("select message, message_key, message_args from load_log where message <> ''").fetchall()
    assert len(logged) == 5
    for message, key, args in logged:
        assert render(key, args, "en") == message
        render(key, args, "fr")


def test_file_names_are_relative_to_the_folder_ingested(tmp_path, con):
    folder = tmp_path / "exports"
    (folder / "2025").mkdir(parents=True)
    write_source_file(folder / "2025", "placements", [{}, {"learner_id": "L2", "contract": "stage"}])
    single = write_source_file(tmp_path, "hiring")
    ingest_files(con, [folder, single], today=date(2025, 6, 15))
    assert con.execute("select file_name, file_path from load_log order by load_id").fetchall() == [
        ("2025/placements.csv", str(folder / "2025" / "placements.csv")), ("hiring.csv", str(single))]
    assert con.execute("select file_name, line from rejected_rows").fetchall() == [("2025/placements.csv", 3)]
