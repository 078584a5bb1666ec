"""The demonstration files: deterministic, in each source's export habits, within the contract,
internally consistent, and telling the story the dashboard pages are built to show.

The files are read back here the way their formats are documented (not through the pipelines'
readers), into canonical columns and values; ``Demo`` holds them with the reference tables.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.demo import MANIFEST_NAME, MISTAKE_RATE, write_demo
from warehouse.reference import Reference, load_reference

UNTIL = date(2026, 10, 15)
LAST_DAY = date(2026, 10, 31)
SCALE = 0.2
FILE_NAMES = ("enrolments.csv", "assessments.csv", "hiring.csv", "placements.csv")

# DATA_CONTRACT.md: canonical column -> the French alias(es), per source.
CONTRACT_COLUMNS = {
    "enrolments": {"learner_id": ("identifiant_apprenant",), "programme_code": ("code_formation",),
                   "region_code": ("region", "code_region"), "start_date": ("date_debut",),
                   "end_date": ("date_fin",), "status": ("statut",), "certified": ("certifie",),
                   "pathway": ("voie",)},
    "assessments": {"learner_id": ("identifiant_apprenant",), "skill_code": ("code_competence",),
                    "assessed_on": ("date_evaluation",), "score": ("score", "note"), "method": ("modalite",)},
    "hiring": {"employer_id": ("identifiant_employeur",), "region_code": ("region", "code_region"),
               "trade_code": ("code_metier",), "month": ("mois",), "openings": ("postes_ouverts",),
               "hires": ("embauches",), "jobs_created": ("emplois_crees",),
               "hires_from_campus": ("embauches_campus",), "open_vacancies": ("postes_vacants",)},
    "placements": {"learner_id": ("identifiant_apprenant",), "employer_id": ("identifiant_employeur",),
                   "trade_code": ("code_metier",), "region_code": ("region", "code_region"),
                   "hired_on": ("date_embauche",), "contract": ("contrat",)},
}
OVERSEAS_AND_CORSE = {"94", "01", "02", "03", "04", "06"}
SHORTAGE_TRADES = ("QC", "FILL", "AUTO", "VAL")
WEAK_SKILLS = {"ASEPTIC", "DATAINT", "AUTOMES"}


def normalise(header: str) -> str:
    """The contract's header matching: case, accents and surrounding spaces ignored; spaces,
    hyphens and underscores equivalent."""
    plain = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return plain.strip().lower().replace(" ", "_").replace("-", "_")


@dataclass(frozen=True)
class Demo:
    directory: Path
    enrolments: pl.DataFrame
    assessments: pl.DataFrame
    hiring: pl.DataFrame
    placements: pl.DataFrame
    reference: Reference

    def completed(self) -> pl.DataFrame:
        """Completed enrolments with their trade (rows with a deliberate mistake left out)."""
        return (self.enrolments.filter(pl.col("status") == "completed", pl.col("end_date") >= pl.col("start_date"))
                .join(self.reference.programmes.select("programme_code", "trade_code"), on="programme_code"))


def canonical(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    by_name = {normalise(name): canonical_name for canonical_name, aliases in CONTRACT_COLUMNS[source].items()
               for name in (canonical_name, *aliases)}
    return frame.rename({header: by_name[normalise(header)] for header in frame.columns})


def read_demo(directory: Path, reference: Reference) -> Demo:
    region_by_name = {normalise(name): code for code, name in
                      reference.regions.select("region_code", "region_name").iter_rows()}
    enrolments = canonical(pl.read_csv(directory / "enrolments.csv", separator=";", infer_schema=False),
                           "enrolments").with_columns(
        pl.col("region_code").map_elements(lambda name: region_by_name[normalise(name)], return_dtype=pl.String),
        pl.col("start_date").str.to_date("%d/%m/%Y"),
        pl.col("end_date").str.to_date("%d/%m/%Y"),
        pl.col("status").replace_strict({"en_cours": "enrolled", "termine": "completed", "abandon": "withdrawn"}),
        pl.col("certified").replace_strict({"oui": True, "non": False}, return_dtype=pl.Boolean),
        pl.col("pathway").replace_strict(
            {"initiale": "initial", "continue": "continuing", "apprentissage": "apprenticeship"}),
    )
    assessments = canonical(pl.read_csv(directory / "assessments.csv", infer_schema=False), "assessments"
                            ).with_columns(pl.col("assessed_on").str.to_date("%Y-%m-%d"),
                                           pl.col("score").cast(pl.Float64))
    hiring_text = (directory / "hiring.csv").read_bytes().decode("cp1252")
    hiring = canonical(pl.read_csv(hiring_text.encode("utf-8"), separator=";", infer_schema=False), "hiring"
                       ).with_columns(
        (pl.col("month") + "-01").str.to_date("%Y-%m-%d"),
        pl.col("openings", "hires", "jobs_created", "hires_from_campus", "open_vacancies").cast(pl.Int64),
    )
    placements = canonical(pl.read_csv(directory / "placements.csv", infer_schema=False), "placements"
                           ).with_columns(pl.col("hired_on").str.to_date("%Y-%m-%d"))
    return Demo(directory, enrolments, assessments, hiring, placements, reference)


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, reference) -> Demo:
    directory = tmp_path_factory.mktemp("demo")
    write_demo(directory, scale=SCALE, until=UNTIL)
    return read_demo(directory, reference)


def mistakes_at_most(rows: int) -> float:
    return max(3, 2 * MISTAKE_RATE * rows)


def a_handful(count: int, rows: int) -> bool:
    """A deliberate mistake: present, and rare."""
    return 1 <= count <= mistakes_at_most(rows)


# --- Files, formats, determinism -------------------------------------------------------------


def test_same_scale_and_month_give_byte_identical_files(demo, tmp_path):
    paths = write_demo(tmp_path, scale=SCALE, until=date(2026, 10, 1))  # another day of the same month
    assert [path.name for path in paths] == list(FILE_NAMES)
    for name in (*FILE_NAMES, MANIFEST_NAME):
        assert (tmp_path / name).read_bytes() == (demo.directory / name).read_bytes(), name


def test_manifest_lists_each_file_with_the_sha256_of_its_bytes(demo):
    manifest = json.loads((demo.directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["generator"] == "workforce demo"
    assert manifest["scale"] == SCALE
    assert manifest["until"] == "2026-10"
    assert sorted(manifest["files"]) == sorted(FILE_NAMES)
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((demo.directory / name).read_bytes()).hexdigest() == digest


def test_a_different_scale_gives_different_files(demo, tmp_path):
    write_demo(tmp_path, scale=0.1, until=UNTIL)
    assert (tmp_path / "hiring.csv").read_bytes() != (demo.directory / "hiring.csv").read_bytes()


def test_each_file_is_exported_in_its_source_systems_habits(demo):
    enrolments = (demo.directory / "enrolments.csv").read_bytes()
    assert enrolments.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    enrolment_lines = enrolments[3:].decode("utf-8").splitlines()
    assert enrolment_lines[0] == "identifiant_apprenant;code_formation;region;date_debut;date_fin;statut;certifie;voie"
    assert any("Île-de-France" in line for line in enrolment_lines)  # regions by name, accents intact
    assert demo.enrolments["start_date"].is_not_null().all()  # every date parsed as dd/mm/yyyy

    assessments = (demo.directory / "assessments.csv").read_bytes().decode("utf-8")
    assert assessments.splitlines()[0] == "learner_id,skill_code,assessed_on,score,method"
    assert not assessments.startswith("\ufeff")
    assert "." in assessments.splitlines()[1].split(",")[3]  # decimal point

    hiring = (demo.directory / "hiring.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        hiring.decode("utf-8")  # Windows-1252, as a spreadsheet on a French PC saves it
    hiring_lines = hiring.decode("cp1252").split("\r\n")
    assert hiring_lines[0] == ("Identifiant employeur;Code région;Code métier;Mois;Postes ouverts;Embauches;"
                               "Emplois créés;Embauches campus;Postes vacants")
    assert hiring_lines[1].split(";")[3] == "2021-01"

    placements = (demo.directory / "placements.csv").read_text(encoding="utf-8")
    assert placements.splitlines()[0] == "learner_id,employer_id,trade_code,region_code,hired_on,contract"


def test_every_file_has_all_the_contracts_columns(demo):
    for source in CONTRACT_COLUMNS:
        assert getattr(demo, source).columns == list(CONTRACT_COLUMNS[source]), source


def test_ids_are_pseudonymous_codes(demo):
    learner_ids = pl.concat([demo.enrolments["learner_id"], demo.assessments["learner_id"],
                             demo.placements["learner_id"]])
    assert learner_ids.str.contains(r"^L\d{7}$").all()
    employer_ids = pl.concat([demo.hiring["employer_id"], demo.placements["employer_id"].drop_nulls()])
    assert employer_ids.str.contains(r"^E\d{4}$").all()
    assert demo.hiring["employer_id"].n_unique() == round(40 * SCALE)


def test_row_counts_grow_in_step_with_the_scale(demo, tmp_path):
    write_demo(tmp_path, scale=SCALE / 2, until=UNTIL)
    half = read_demo(tmp_path, demo.reference)
    for source in CONTRACT_COLUMNS:
        ratio = getattr(demo, source).height / getattr(half, source).height
        assert 1.7 <= ratio <= 2.3, (source, ratio)


def test_row_counts_at_this_scale_match_a_national_network(demo):
    # At scale 1: about 20,000 enrolments, 250,000 assessments, 50,000 hiring rows, 8,000-10,000 placements.
    assert 16_000 <= demo.enrolments.height / SCALE <= 24_000
    assert 200_000 <= demo.assessments.height / SCALE <= 300_000
    assert 40_000 <= demo.hiring.height / SCALE <= 60_000
    assert 7_000 <= demo.placements.height / SCALE <= 12_000


def test_natural_keys_are_unique(demo):
    keys = {"enrolments": ["learner_id", "programme_code", "start_date"],
            "assessments": ["learner_id", "skill_code", "assessed_on"],
            "hiring": ["employer_id", "region_code", "trade_code", "month"],
            "placements": ["learner_id", "employer_id", "hired_on"]}
    for source, key in keys.items():
        frame = getattr(demo, source)
        assert frame.select(key).is_duplicated().sum() == 0, source


# --- Period -----------------------------------------------------------------------------------


def test_dates_run_from_january_2021_to_the_last_day_of_until_month(demo):
    dates = pl.concat([demo.enrolments["start_date"], demo.enrolments["end_date"].drop_nulls(),
                       demo.assessments["assessed_on"], demo.placements["hired_on"]])
    deliberate_early_ends = demo.enrolments.filter(pl.col("end_date") < pl.col("start_date")).height
    assert (dates < date(2021, 1, 1)).sum() <= deliberate_early_ends
    assert dates.max() <= LAST_DAY
    assert demo.assessments["assessed_on"].max() >= date(2026, 10, 1)
    months = demo.hiring["month"].unique().sort()
    assert months.to_list() == pl.date_range(date(2021, 1, 1), date(2026, 10, 1), "1mo", eager=True).to_list()


def test_nothing_is_dated_after_today_when_until_is_the_current_month(tmp_path, reference):
    today = date.today()
    write_demo(tmp_path, scale=0.05, until=today)
    current = read_demo(tmp_path, reference)
    dates = pl.concat([current.enrolments["start_date"], current.enrolments["end_date"].drop_nulls(),
                       current.assessments["assessed_on"], current.placements["hired_on"]])
    assert dates.max() <= today
    assert current.hiring["month"].max() == today.replace(day=1)


@pytest.mark.parametrize("scale, until, message", [
    (1.0, date(2020, 12, 31), "before the goal's start month"),
    (1.0, date(date.today().year + 1, 1, 1), "after the current month"),
    (0.0, None, "positive"),
    (float("nan"), None, "positive"),
])
def test_refuses_a_period_or_scale_it_cannot_generate(tmp_path, scale, until, message):
    with pytest.raises(ValueError, match=message):
        write_demo(tmp_path, scale=scale, until=until)


def test_an_earlier_month_is_the_start_of_a_later_one(demo, tmp_path):
    """A month's rows do not depend on how many months follow, so a later demo reads as the next
    export of the same systems (only the deliberate mistakes land on other rows)."""
    write_demo(tmp_path, scale=SCALE, until=date(2026, 8, 1))
    earlier = read_demo(tmp_path, demo.reference)
    cut = date(2026, 8, 31)
    for source, column in (("assessments", "assessed_on"), ("hiring", "month"), ("placements", "hired_on")):
        before = getattr(earlier, source)
        after = getattr(demo, source).filter(pl.col(column) <= cut)
        changed = before.join(after, on=before.columns, how="anti", nulls_equal=True).height
        assert changed <= mistakes_at_most(before.height) + mistakes_at_most(getattr(demo, source).height), source
        assert abs(before.height - after.height) <= 0.001 * before.height, source


# --- The reference, all of it, weighted by where bioproduction is ------------------------------


def test_every_trade_programme_pathway_method_and_contract_appears(demo, reference):
    assert set(reference.programmes["programme_code"]) <= set(demo.enrolments["programme_code"])
    assert set(demo.enrolments["pathway"]) == {"initial", "continuing", "apprenticeship"}
    assert set(demo.enrolments["status"]) == {"enrolled", "completed", "withdrawn"}
    assert set(reference.trades["trade_code"]) == set(demo.hiring["trade_code"])
    assert set(reference.trades["trade_code"]) <= set(demo.placements["trade_code"])
    assert set(reference.skills["skill_code"]) <= set(demo.assessments["skill_code"])
    assert set(demo.assessments["method"]) == {"vr", "ar", "digital_twin", "serious_game", "practical", "written"}
    assert {"cdi", "cdd", "interim", "apprenticeship"} <= set(demo.placements["contract"])
    regions_used = set(demo.enrolments["region_code"]) | set(demo.hiring["region_code"])
    assert regions_used <= set(reference.regions["region_code"])


def test_regions_are_weighted_by_where_bioproduction_is(demo):
    by_region = demo.enrolments.group_by("region_code").len().sort("len", descending=True)
    assert "11" in by_region["region_code"].head(3).to_list()  # Île-de-France
    assert set(by_region["region_code"].head(7)) <= {"11", "84", "24", "28", "32", "76", "44", "75"}
    remote = by_region.filter(pl.col("region_code").is_in(OVERSEAS_AND_CORSE))["len"].sum()
    assert remote <= 0.01 * demo.enrolments.height
    assert not {"03", "06"} & set(by_region["region_code"])  # nothing in Guyane or Mayotte

    openings = demo.hiring.group_by("region_code").agg(pl.col("openings").sum()).sort("openings", descending=True)
    assert "11" in openings["region_code"].head(3).to_list()
    remote_openings = openings.filter(pl.col("region_code").is_in(OVERSEAS_AND_CORSE))["openings"].sum()
    assert remote_openings <= 0.02 * openings["openings"].sum()


def test_employers_have_a_home_region_and_a_few_trades(demo):
    per_employer = demo.hiring.group_by("employer_id").agg(
        regions=pl.col("region_code").n_unique(), trades=pl.col("trade_code").n_unique())
    assert per_employer["trades"].min() >= 2
    assert per_employer["trades"].median() < len(demo.reference.trades)
    assert per_employer["regions"].min() == 1  # small firms have one site
    assert per_employer["regions"].max() >= 3  # large groups several


# --- Consistency the metrics rely on -----------------------------------------------------------


def test_enrolments_follow_the_status_rules_but_for_a_handful_of_deliberate_mistakes(demo):
    enrolments = demo.enrolments
    completed, enrolled, withdrawn = (pl.col("status") == status for status in ("completed", "enrolled", "withdrawn"))
    assert enrolments.filter(completed, pl.col("end_date").is_null()).height == 0
    assert enrolments.filter(withdrawn, pl.col("end_date").is_null()).height == 0
    assert enrolments.filter(enrolled, pl.col("end_date").is_not_null()).height == 0
    assert a_handful(enrolments.filter(pl.col("end_date") < pl.col("start_date")).height, enrolments.height)
    assert a_handful(enrolments.filter(pl.col("certified"), ~completed).height, enrolments.height)
    unknown = ~pl.col("programme_code").is_in(demo.reference.programmes["programme_code"].to_list())
    assert a_handful(enrolments.filter(unknown).height, enrolments.height)
    assert enrolments.filter(unknown)["programme_code"].unique().to_list() == ["P-BIO-PILOTE"]
    certified_share = enrolments.filter(completed)["certified"].mean()
    assert 0.6 <= certified_share <= 0.95


def test_learners_sometimes_come_back_for_a_second_programme_after_the_first(demo):
    repeat = demo.enrolments.sort("start_date").group_by("learner_id").agg(
        pl.col("start_date"), pl.col("end_date")).filter(pl.col("start_date").list.len() > 1)
    assert repeat.height >= 0.02 * demo.enrolments["learner_id"].n_unique()
    overlapping = repeat.filter(pl.col("start_date").list.get(1) <= pl.col("end_date").list.get(0))
    assert overlapping.height == 0


def test_assessments_happen_during_an_enrolment_of_the_learner(demo):
    spans = demo.enrolments.select("learner_id", "start_date", pl.col("end_date").fill_null(LAST_DAY))
    inside = (demo.assessments.join(spans, on="learner_id")
              .filter(pl.col("assessed_on").is_between(pl.col("start_date"), pl.col("end_date")))
              .select("learner_id", "skill_code", "assessed_on").unique())
    outside = demo.assessments.join(inside, on=["learner_id", "skill_code", "assessed_on"], how="anti")
    mistyped_end = demo.enrolments.filter(pl.col("end_date") < pl.col("start_date"))["learner_id"]
    assert outside.filter(~pl.col("learner_id").is_in(mistyped_end.to_list())).height == 0
    assert outside.height <= 0.001 * demo.assessments.height


def test_assessment_scores_are_0_to_100_but_for_a_handful_of_deliberate_mistakes(demo):
    assessments = demo.assessments
    out_of_range = assessments.filter(~pl.col("score").is_between(0, 100))
    assert a_handful(out_of_range.height, assessments.height)
    assert out_of_range["score"].unique().to_list() == [105.0]
    unknown = assessments.filter(~pl.col("skill_code").is_in(demo.reference.skills["skill_code"].to_list()))
    assert a_handful(unknown.height, assessments.height)
    assert unknown["skill_code"].unique().to_list() == ["BPF"]


def test_assessments_cover_the_trades_required_skills_and_some_others(demo):
    required = demo.completed().join(demo.reference.trade_skills, on="trade_code")
    assessed = required.join(demo.assessments, on=["learner_id", "skill_code"], how="semi")
    assert assessed.height >= 0.99 * required.height
    others = (demo.completed().join(demo.assessments, on="learner_id")
              .join(demo.reference.trade_skills, on=["trade_code", "skill_code"], how="anti"))
    assert others.select("learner_id").n_unique() >= 0.9 * demo.completed().height


def test_some_learners_are_reassessed_later_with_a_better_score(demo):
    last_two = (demo.assessments.sort("assessed_on").group_by("learner_id", "skill_code")
                .agg(pl.col("score").tail(2)).filter(pl.col("score").list.len() == 2))
    improved = last_two.filter(pl.col("score").list.get(1) > pl.col("score").list.get(0)).height
    assert improved >= 0.5 * last_two.height


def latest_levels(demo: Demo) -> pl.DataFrame:
    """METRICS.md: each required skill of a completed enrolment, with the learner's latest
    assessment on or before the end date (ties to the higher score) and its level; null when none."""
    required = demo.completed().join(demo.reference.trade_skills, on="trade_code")
    key = ["learner_id", "programme_code", "start_date", "skill_code"]
    latest = (required.join(demo.assessments, on=["learner_id", "skill_code"])
              .filter(pl.col("assessed_on") <= pl.col("end_date"))
              .sort("assessed_on", "score").group_by(key).agg(pl.col("score").last()))
    level = (pl.when(pl.col("score") >= 80).then(4).when(pl.col("score") >= 60).then(3)
             .when(pl.col("score") >= 40).then(2).when(pl.col("score").is_not_null()).then(1))
    return required.join(latest, on=key, how="left").with_columns(level=level)


def test_job_ready_rates_vary_by_trade_from_about_30_to_85_percent(demo):
    job_ready = (latest_levels(demo)
                 .group_by("learner_id", "programme_code", "start_date", "trade_code")
                 .agg(ready=(pl.col("level").fill_null(0) >= pl.col("required_level")).all())
                 .group_by("trade_code").agg(pl.col("ready").mean()))
    rates = dict(job_ready.iter_rows())
    assert set(rates) == set(demo.reference.trades["trade_code"])
    assert 0.2 <= min(rates.values()) <= 0.4
    assert 0.75 <= max(rates.values()) <= 0.95
    for trade in ("FILL", "AUTO", "QC"):
        assert rates[trade] < 0.55, (trade, rates[trade])
    for trade in ("DSP", "SUP", "MAINT"):
        assert rates[trade] > 0.7, (trade, rates[trade])


def test_aseptic_data_integrity_and_automation_are_the_weakest_skills(demo):
    proficient = (latest_levels(demo).group_by("skill_code")
                  .agg(share=(pl.col("level").fill_null(0) >= pl.col("required_level")).mean())
                  .sort("share"))
    assert set(proficient["skill_code"].head(3)) == WEAK_SKILLS
    assert proficient.filter(pl.col("skill_code").is_in(WEAK_SKILLS))["share"].max() < 0.75


def test_placements_are_completers_hired_in_their_trade_mostly_within_six_months_in_their_region(demo):
    placements = demo.placements.join(
        demo.completed().select("learner_id", "trade_code", "start_date", "end_date",
                                pl.col("region_code").alias("training_region")),
        on=["learner_id", "trade_code"])
    placements = placements.filter(pl.col("hired_on") >= pl.col("start_date"))
    assert placements.select("learner_id", "hired_on").n_unique() == demo.placements.height
    within_6_months = placements.filter(pl.col("hired_on") <= pl.col("end_date") + pl.duration(days=183))
    assert within_6_months.height >= 0.9 * placements.height
    assert placements.filter(pl.col("hired_on") < pl.col("end_date") - pl.duration(days=30)).height == 0
    same_region = placements.filter(pl.col("region_code") == pl.col("training_region")).height
    assert 0.6 * placements.height <= same_region < placements.height
    assert a_handful(demo.placements.filter(pl.col("contract") == "stage").height, demo.placements.height)
    assert a_handful(demo.placements["employer_id"].null_count(), demo.placements.height)


def test_six_month_placement_rates_vary_by_programme_between_about_55_and_75_percent(demo):
    as_of = LAST_DAY
    eligible = demo.completed().filter(pl.col("end_date") + pl.duration(days=183) <= as_of)
    placed = (eligible.join(demo.placements.select("learner_id", "hired_on"), on="learner_id")
              .filter(pl.col("hired_on").is_between(pl.col("start_date"), pl.col("end_date") + pl.duration(days=183)))
              .select("learner_id", "programme_code", "start_date").unique())
    rates = (eligible.join(placed.with_columns(placed=pl.lit(True)), on=["learner_id", "programme_code", "start_date"],
                           how="left")
             .group_by("programme_code").agg(pl.col("placed").fill_null(False).mean()))
    assert rates["placed"].min() >= 0.45
    assert rates["placed"].max() <= 0.85
    assert rates["placed"].max() - rates["placed"].min() >= 0.08


def test_hiring_rows_are_consistent_but_for_a_handful_of_deliberate_mistakes(demo):
    hiring = demo.hiring
    assert hiring.filter(pl.col("hires") > pl.col("openings")).height == 0
    assert hiring.filter(pl.col("hires_from_campus") > pl.col("hires")).height == 0
    assert hiring.filter(pl.col("openings") < 0).height == 0
    assert a_handful(hiring.filter(pl.col("jobs_created") > pl.col("hires")).height, hiring.height)
    assert a_handful(hiring.filter(pl.col("open_vacancies") < 0).height, hiring.height)
    assert hiring.filter(pl.col("open_vacancies") < -1).height == 0


def test_campus_hires_are_the_placements_each_employer_received(demo):
    key = ["employer_id", "region_code", "trade_code", "month"]
    received = (demo.placements.drop_nulls("employer_id").with_columns(month=pl.col("hired_on").dt.truncate("1mo"))
                .group_by(key).len())
    compared = demo.hiring.filter(pl.col("hires_from_campus") > 0).join(received, on=key, how="full", coalesce=True)
    differing = compared.filter(pl.col("hires_from_campus").fill_null(0) != pl.col("len").fill_null(0)).height
    assert differing <= demo.placements["employer_id"].null_count()


def test_the_campus_share_of_hires_grows(demo):
    by_year = (demo.hiring.group_by(pl.col("month").dt.year().alias("year"))
               .agg(share=pl.col("hires_from_campus").sum() / pl.col("hires").sum()).sort("year"))
    shares = by_year["share"].to_list()
    assert shares[0] < 0.3
    assert shares[-1] > shares[0] + 0.2
    assert shares[-1] > shares[1]


# --- The story ---------------------------------------------------------------------------------


def test_jobs_created_grow_but_stay_behind_the_path_to_the_goal(demo):
    target = 10_000 * SCALE  # the goal, in proportion to the employers generated
    monthly = demo.hiring.group_by("month").agg(pl.col("jobs_created").sum()).sort("month")["jobs_created"]
    cumulative = monthly.sum()
    months_elapsed, months_remaining = monthly.len(), 120 - monthly.len()
    assert 0.35 * target <= cumulative <= 0.5 * target
    assert cumulative < target * months_elapsed / 120  # behind the linear path
    run_rate_12m = monthly.tail(12).mean()
    assert run_rate_12m > monthly.slice(months_elapsed - 24, 12).mean()  # rising
    assert cumulative + run_rate_12m * months_remaining < target  # but not on track


def test_some_trades_are_in_clear_shortage_and_others_balanced(demo):
    job_ready = (latest_levels(demo)
                 .group_by("learner_id", "programme_code", "start_date", "trade_code")
                 .agg(ready=(pl.col("level").fill_null(0) >= pl.col("required_level")).all())
                 .group_by("trade_code").agg(supply=pl.col("ready").sum()))
    demand = demo.hiring.group_by("trade_code").agg(pl.col("openings").sum())
    ratio = dict(demand.join(job_ready, on="trade_code")
                 .select("trade_code", pl.col("openings") / pl.col("supply")).iter_rows())
    for trade in SHORTAGE_TRADES:
        assert ratio[trade] >= 5, (trade, ratio[trade])
    for trade in set(ratio) - set(SHORTAGE_TRADES):
        assert ratio[trade] <= 2.5, (trade, ratio[trade])
