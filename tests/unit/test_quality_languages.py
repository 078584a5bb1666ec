"""/quality's questions speak the page's language and name files as people know them: the messages ingest
stored (a key and its arguments) rendered in French or English, a rule's reason one wording whatever the
values, file names relative to the folder ingested, and full paths for admins only, in messages too."""

from __future__ import annotations

import sys
from datetime import date

import polars as pl
import pytest

import app as app_module
from dashboard.access import Viewer
from dashboard.queries import quality
from pipelines.runs import ingest_and_publish
from tests.contexts import analyst, as_viewer
from tests.file_factory import write_source_file


def admin(lang: str = "fr"):
    return as_viewer(Viewer("adam", "admin"), lang=lang)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A folder ingested as a person would: two negative vacancies, an unknown contract in a subfolder, a file
    missing a required column; then the hiring file again (skipped: already loaded)."""
    folder = tmp_path_factory.mktemp("quality") / "exports"
    (folder / "2025").mkdir(parents=True)
    write_source_file(folder, "hiring", [{}, {"employer_id": "E2", "open_vacancies": "-1"},
                                         {"employer_id": "E3", "open_vacancies": "-2"}])
    write_source_file(folder / "2025", "placements", [{}, {"learner_id": "L2", "contract": "stage"}])
    write_source_file(folder, "placements", [{}], drop=["contract"], name="placements_sans_contrat.csv")
    db_path = folder.parent / "workforce.duckdb"
    ingest_and_publish(db_path, [folder], today=date(2025, 6, 15))
    ingest_and_publish(db_path, [folder / "hiring.csv"], today=date(2025, 6, 16))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKFORCE_DB", str(db_path))
        yield folder


def texts(frame: pl.DataFrame) -> str:
    return " | ".join(str(value) for row in frame.iter_rows() for value in row)


def test_reasons_by_rule_in_french_and_in_english_values_left_out(ingested):
    french = quality.rejections_by_reason(analyst(lang="fr")).select("source", "column_name", "reason", "rejected")
    assert french.rows()[:2] == [
        ("hiring", "open_vacancies", "open_vacancies « … » est négatif ; un effectif vaut 0 ou plus", 2),
        ("placements", "contract", "contract « … » n'est pas une valeur connue ; utilisez apprentissage (ou en "
                                   "anglais : cdi, cdd, interim ou apprenticeship)", 1),
    ]
    english = quality.rejections_by_reason(analyst(lang="en"))
    assert english["reason"].to_list()[:2] == [
        "open_vacancies '…' is negative; counts are 0 or more",
        "contract '…' is not a known contract; use cdi, cdd, interim or apprenticeship (in French: apprentissage)"]
    assert english["reason_key"].to_list() == ["value.negative_count", "value.unknown_choice_with_french",
                                               "file.missing_columns"]


def test_a_file_refused_whole_is_named_by_its_name_and_by_its_path_for_admins(ingested):
    [refused] = quality.rejections_by_reason(analyst(lang="fr")).filter(pl.col("column_name").is_null())["reason"]
    assert refused.startswith("placements_sans_contrat.csv refusé : colonne(s) obligatoire(s) manquante(s) pour "
                              "placements : contract (contrat).")
    [refused] = quality.rejections_by_reason(admin("fr")).filter(pl.col("column_name").is_null())["reason"]
    assert refused.startswith(f"{ingested / 'placements_sans_contrat.csv'} refusé :")


def test_rejected_rows_in_the_language_with_file_names_relative_to_the_folder(ingested):
    rows = quality.rejected_rows(analyst(lang="fr"))
    assert "file_path" not in rows.columns
    assert rows.select("source", "file_name", "line", "column_name", "value", "reason").rows() == [
        ("Insertions professionnelles", "2025/placements.csv", 3, "contract", "stage",
         "contract « stage » n'est pas une valeur connue ; utilisez apprentissage (ou en anglais : cdi, cdd, "
         "interim ou apprenticeship)"),
        ("Insertions professionnelles", "placements_sans_contrat.csv", None, None, None,
         "placements_sans_contrat.csv refusé : colonne(s) obligatoire(s) manquante(s) pour placements : contract "
         "(contrat). Colonnes trouvées : learner_id, employer_id, trade_code, region_code, hired_on. Ajoutez-les "
         "et chargez à nouveau le fichier."),
        ("Recrutements", "hiring.csv", 3, "open_vacancies", "-1",
         "open_vacancies « -1 » est négatif ; un effectif vaut 0 ou plus"),
        ("Recrutements", "hiring.csv", 4, "open_vacancies", "-2",
         "open_vacancies « -2 » est négatif ; un effectif vaut 0 ou plus"),
    ]
    assert str(ingested) not in texts(rows)
    english = quality.rejected_rows(analyst(lang="en"))
    assert english["reason"].to_list()[-1] == "open_vacancies '-2' is negative; counts are 0 or more"
    assert english["source"].to_list()[0] == "Placements"


def test_admins_see_the_full_path_beside_the_name(ingested):
    rows = quality.rejected_rows(admin())
    assert rows["file_path"].to_list()[0] == str(ingested / "2025" / "placements.csv")
    assert rows["file_name"].to_list()[0] == "2025/placements.csv"
    assert str(ingested) in rows["reason"].to_list()[1]


def test_the_load_log_speaks_the_language_and_hides_paths_but_from_admins(ingested):
    files = quality.load_log(analyst(lang="fr"))
    assert "file_path" not in files.columns and str(ingested) not in texts(files)
    skipped, *_, first = files.rows(named=True)
    assert (skipped["file_name"], skipped["status"]) == ("hiring.csv", "ignoré (déjà chargé)")
    assert skipped["message"].startswith("déjà chargé (même contenu que hiring.csv, chargement 1 du ")
    assert skipped["message"].endswith(") ; ignoré")
    assert first["message"] == "2 ligne(s) rejetée(s) : voir rejected_rows où load_id = 1"
    english = quality.load_log(analyst(lang="en"))
    assert english["message"].to_list()[-1] == "2 row(s) rejected: see rejected_rows where load_id = 1"
    assert english["status"].to_list()[0] == "skipped (already loaded)"
    full = quality.load_log(admin("en"))
    assert full["message"].to_list()[0].startswith(f"already loaded (same content as {ingested / 'hiring.csv'}")
    assert full["file_path"].to_list()[0] == str(ingested / "hiring.csv")


def test_the_grids_show_a_sheet_only_when_a_file_has_one_and_a_path_only_to_admins(ingested):
    app_module.create_app()  # Dash imports the page modules with the app
    file_columns = sys.modules["dashboard.pages.quality"].file_columns
    fields = [column["field"] for column in file_columns(quality.rejected_rows(analyst()), "fr")]
    assert fields == ["file_name"]
    workbook = pl.DataFrame({"file_name": ["rh.xlsx"], "sheet": ["Embauches"], "file_path": ["/srv/in/rh.xlsx"]})
    columns = file_columns(workbook, "fr")
    assert [(column["field"], column["headerName"]) for column in columns] == [
        ("file_name", "Fichier"), ("sheet", "Feuille"), ("file_path", "Chemin complet")]


def test_unreadable_stored_arguments_keep_the_english_text(ingested):
    frame = pl.DataFrame({"reason_key": ["rule.required", "rule.required"], "reason_args": ["not json", "[1, 2]"],
                          "reason": ["first as stored", "second as stored"], "file_path": ["/a/x.csv"] * 2,
                          "file_name": ["x.csv"] * 2})
    assert quality._texts(frame, "reason_key", "reason_args", "reason", analyst(lang="fr")).to_list() == [
        "first as stored", "second as stored"]
