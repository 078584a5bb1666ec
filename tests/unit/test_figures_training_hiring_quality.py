"""The /training, /hiring and /quality figures, from hand-made frames: traces, titles with units and as_of,
the words shown when nothing is left, the language's separators, masked learner counts."""

from __future__ import annotations

import math
from datetime import date, datetime

import polars as pl
import pytest

from dashboard.figures import hiring, quality, training
from dashboard.i18n import NBSP, NNBSP

AS_OF = date(2026, 10, 31)
FUNNEL = pl.DataFrame([{
    "enrolled": 12345, "in_progress": 100, "completed": 9000, "withdrawn": 1000, "certified": 7000,
    "eligible_6m": 8000, "placed_6m": 3, "completion_rate": 0.9, "certification_rate": 7000 / 9000,
    "placement_rate_6m": 3 / 8000,
}])
COHORTS = pl.DataFrame([
    {"cohort_year": 2024, "enrolled": 1200, "in_progress": 0, "completed": 1000, "withdrawn": 200, "certified": 725,
     "eligible_6m": 1000, "placed_6m": 650, "completion_rate": 1000 / 1200, "certification_rate": 0.725,
     "placement_rate_6m": 0.65},
    {"cohort_year": 2025, "enrolled": 4, "in_progress": 4, "completed": 0, "withdrawn": 0, "certified": 0,
     "eligible_6m": 0, "placed_6m": 0, "completion_rate": None, "certification_rate": None,
     "placement_rate_6m": None},
])
MONTHLY = pl.DataFrame({
    "month": [date(2026, 9, 1), date(2026, 10, 1)], "openings": [1200, 900], "hires": [400, 0],
    "jobs_created": [80, 0], "hires_from_campus": [100, 0], "campus_share": [0.25, None],
    "open_vacancies": [1500, 1400],
})
REJECTIONS = pl.DataFrame({
    "source": ["hiring", "enrolments", "hiring"], "column_name": ["open_vacancies", "end_date", "jobs_created"],
    "reason": ["open_vacancies … is negative; counts are 0 or more",
               "end_date … is before start_date …; fix one of the dates",
               "jobs_created … is more than hires …; jobs created count hires into new positions, so at most hires"],
    "rejected": [1200, 3, 1],
})


def title(fig) -> str:
    return fig.layout.title.text


def is_empty(fig, words: str = "Aucune donnée pour ces filtres") -> bool:
    return len(fig.data) == 0 and words in fig.layout.annotations[0].text


# --- training -------------------------------------------------------------------------------------

def test_funnel_stages_masked_counts_and_french_hovers():
    fig = training.funnel(FUNNEL, AS_OF, "fr")
    [funnel] = fig.data
    assert funnel.type == "funnel"
    assert list(funnel.y) == ["Inscrits", "Formation terminée", "Certifiés", "En emploi à 6 mois"]
    # Three placed learners: below the threshold, so neither the bar nor any label shows the count.
    assert list(funnel.x) == [12345, 9000, 7000, 0]
    assert list(funnel.text) == [f"12{NNBSP}345", f"9{NNBSP}000", f"7{NNBSP}000", "< 5"]
    assert f"Taux d'achèvement{NBSP}: 90,0{NNBSP}% (sur 10{NNBSP}000)" in funnel.customdata[1]
    assert "< 5 inscriptions" in funnel.customdata[3]
    assert "emploi à 6 mois" in title(fig) and "inscriptions" in title(fig)
    assert "Données au 31 octobre 2026" in title(fig)
    assert fig.layout.separators == f",{NNBSP}"


def test_funnel_in_english():
    fig = training.funnel(FUNNEL, AS_OF, "en")
    assert list(fig.data[0].y) == ["Enrolled", "Completed", "Certified", "Placed within 6 months"]
    assert fig.data[0].text[0] == "12,345"
    assert "Completion rate: 90.0% (out of 10,000)" in fig.data[0].customdata[1]
    assert "Data as of 31 October 2026" in title(fig)
    assert fig.layout.separators == ".,"


@pytest.mark.parametrize("frame", [FUNNEL.clear(), FUNNEL.with_columns(pl.lit(0).alias("enrolled"))],
                         ids=["no-row", "nobody"])
def test_funnel_says_when_nothing_is_left(frame):
    assert is_empty(training.funnel(frame, AS_OF, "fr"))
    assert is_empty(training.funnel(frame, AS_OF, "en"), "No data for these filters")


def test_rates_by_cohort():
    fig = training.by_cohort(COHORTS, AS_OF, "fr")
    assert [trace.name for trace in fig.data] == ["Taux d'achèvement", "Taux de certification",
                                                  "Taux d'insertion à 6 mois"]
    assert list(fig.data[0].x) == ["2024", "2025"]
    assert list(fig.data[1].y) == [0.725, None]
    assert list(fig.data[1].text) == [f"73{NNBSP}%", "–"]
    assert "< 5 inscriptions" in fig.data[0].customdata[1]
    assert fig.layout.yaxis.tickformat == ".0%"
    assert "par cohorte" in title(fig) and "en %" in title(fig)
    assert is_empty(training.by_cohort(COHORTS.clear(), AS_OF, "fr"))


def test_pathways_and_modalities_compared():
    groups = pl.DataFrame([
        {"pathway": "initial", "label": "Formation initiale", **{name: FUNNEL[name][0] for name in FUNNEL.columns}},
    ])
    fig = training.compared(groups, "pathway", AS_OF, "fr")
    assert len(fig.data) == 3 and all(trace.orientation == "h" for trace in fig.data)
    assert list(fig.data[2].y) == ["Formation initiale"]
    assert "Voies de formation" in title(fig)
    assert "Modalités" in title(training.compared(groups.clear(), "modality", AS_OF, "fr"))
    assert is_empty(training.compared(groups.clear(), "modality", AS_OF, "fr"))


# --- hiring ---------------------------------------------------------------------------------------

def test_flows_one_line_per_measure_with_french_numbers():
    fig = hiring.flows(MONTHLY, AS_OF, "fr")
    assert [trace.name for trace in fig.data] == ["Postes ouverts", "Embauches", "Emplois créés"]
    assert [trace.line.dash for trace in fig.data] == ["solid", "dash", "dot"]
    assert fig.data[0].customdata[0] == f"<b>septembre 2026</b><br>Postes ouverts{NBSP}: 1{NNBSP}200"
    assert "par mois" in title(fig) and "Données au 31 octobre 2026" in title(fig)
    assert fig.layout.separators == f",{NNBSP}"
    assert is_empty(hiring.flows(MONTHLY.clear(), AS_OF, "fr"))


def test_campus_share_is_a_percentage_with_its_counts():
    fig = hiring.campus_share(MONTHLY, AS_OF, "en")
    [line] = fig.data
    assert line.y[0] == 0.25 and math.isnan(line.y[1])
    assert "Campus share of hires: 25.0%" in line.customdata[0] and "Hires from the campus: 100" in line.customdata[0]
    assert fig.layout.yaxis.tickformat == ".0%"
    assert "Data as of 31 October 2026" in title(fig)
    no_hires = MONTHLY.with_columns(pl.lit(None, dtype=pl.Float64).alias("campus_share"))
    assert is_empty(hiring.campus_share(no_hires, AS_OF, "en"), "No data for these filters")


def test_vacancies_one_point_per_month():
    fig = hiring.vacancies(MONTHLY, AS_OF, "fr")
    assert list(fig.data[0].y) == [1500, 1400]
    assert "fin de mois" in title(fig) and "postes" in title(fig)
    assert is_empty(hiring.vacancies(MONTHLY.clear(), AS_OF, "fr"))


# --- quality --------------------------------------------------------------------------------------

def test_reasons_one_bar_each_in_order_coloured_by_source():
    fig = quality.reasons(REJECTIONS, AS_OF, "fr")
    assert [trace.name for trace in fig.data] == ["Recrutements", "Inscriptions"]
    assert list(fig.data[0].x) == [1200, 1]
    assert list(fig.layout.yaxis.categoryarray) == [
        f"Recrutements{NBSP}: open_vacancies … is negative; counts are 0 or more",
        f"Inscriptions{NBSP}: end_date … is before start_date …; fix one of the dates",
        f"Recrutements{NBSP}: jobs_created … is more than hires …; jobs created count hir…",
    ]
    assert list(fig.data[0].text) == [f"1{NNBSP}200", "1"]
    hover, source, column = fig.data[0].customdata[1]
    assert (source, column) == ("Recrutements", "jobs_created")
    assert "so at most hires" in hover
    assert "Valeurs rejetées par motif" in title(fig)
    assert len(quality.reasons(REJECTIONS.clear(), AS_OF, "fr").data) == 0


def test_freshness_sentences():
    freshness = pl.DataFrame([
        {"source": "hiring", "latest_date": date(2026, 10, 1), "period_grain": "month",
         "last_loaded_at": datetime(2026, 11, 23, 9, 0), "files_loaded": 2, "files_failed": 1, "rows_rejected": 0},
        {"source": "enrolments", "latest_date": date(2026, 10, 31), "period_grain": "date",
         "last_loaded_at": datetime(2026, 11, 26, 7, 0), "files_loaded": 1, "files_failed": 0, "rows_rejected": 0},
        {"source": "placements", "latest_date": None, "period_grain": "date",
         "last_loaded_at": datetime(2026, 11, 25, 7, 0), "files_loaded": 1, "files_failed": 0, "rows_rejected": 5},
        {"source": "bmo", "latest_date": None, "period_grain": "year",
         "last_loaded_at": None, "files_loaded": 0, "files_failed": 0, "rows_rejected": 0},
        {"source": "assessments", "latest_date": date(2025, 1, 1), "period_grain": "year",
         "last_loaded_at": datetime(2026, 11, 26, 7, 0), "files_loaded": 1, "files_failed": 0, "rows_rejected": 0},
    ])
    now = datetime(2026, 11, 26, 10, 0)
    assert quality.freshness_sentences(freshness, now, "en") == [
        "Hiring: data up to October 2026, loaded 3 days ago. 1 file(s) refused as a whole.",
        "Enrolments: data up to 31 October 2026, loaded today.",
        "Placements: no valid row; last file loaded yesterday.",
        "BMO (France Travail): no file loaded.",
        "Assessments: data up to 2025, loaded today.",
    ]
    assert quality.freshness_sentences(freshness, now, "fr")[:2] == [
        "Recrutements : données jusqu'à octobre 2026, chargées il y a 3 jours. 1 fichier(s) refusé(s) en entier.",
        "Inscriptions : données jusqu'au 31 octobre 2026, chargées aujourd'hui.",
    ]


# --- number formats of axes -----------------------------------------------------------------------

def test_count_axes_write_every_digit_grouped():
    assert hiring.flows(MONTHLY, AS_OF, "fr").layout.yaxis.tickformat == ",~f"
    assert hiring.vacancies(MONTHLY, AS_OF, "fr").layout.yaxis.tickformat == ",~f"
    assert quality.reasons(REJECTIONS, AS_OF, "fr").layout.xaxis.tickformat == ",~f"


def test_month_axes_hover_in_words():
    assert hiring.flows(MONTHLY, AS_OF, "fr").layout.xaxis.hoverformat == "%B %Y"


def test_percentage_axes_read_as_the_bars_do():
    share = hiring.campus_share(MONTHLY, AS_OF, "fr").layout.yaxis
    assert share.labelalias["80%"] == f"80{NNBSP}%" and "101%" not in share.labelalias
    cohorts = training.by_cohort(COHORTS, AS_OF, "fr").layout.yaxis
    assert cohorts.tickformat == ".0%" and cohorts.labelalias["110%"] == f"110{NNBSP}%"
    groups = pl.DataFrame([{"pathway": "initial", "label": "Formation initiale",
                            **{name: FUNNEL[name][0] for name in FUNNEL.columns}}])
    assert training.compared(groups, "pathway", AS_OF, "fr").layout.xaxis.labelalias["115%"] == f"115{NNBSP}%"
    assert training.by_cohort(COHORTS, AS_OF, "en").layout.yaxis.labelalias is None
