"""Every label of the app, French and English, and the number formats of each language.

One translation table: a page never writes a user-visible string of its own,
it asks ``t(key, lang)``. French is the default language.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
NBSP = "\u00a0"

LABELS: dict[str, dict[str, str]] = {
    # --- shell ---
    "app.title": {"fr": "Observatoire des compétences et de l'emploi en bioproduction",
                  "en": "Bioproduction skills and workforce observatory"},
    "app.brand": {"fr": "Observatoire bioproduction", "en": "Bioproduction observatory"},
    "banner.demo": {"fr": "Données de démonstration", "en": "Demonstration data"},
    "banner.demo_detail": {"fr": "ces chiffres sont générés pour la démonstration, pas des données réelles.",
                           "en": "these figures are generated for demonstration, not real data."},
    "banner.no_warehouse": {"fr": "Aucun entrepôt de données n'est encore construit. Chargez des fichiers avec "
                                  "`workforce ingest` ou redémarrez l'application pour charger la démonstration.",
                            "en": "No warehouse has been built yet. Load files with `workforce ingest` or restart "
                                  "the app to load the demonstration data."},
    "lang.switch": {"fr": "English", "en": "Français"},
    "lang.switch_title": {"fr": "View this page in English", "en": "Voir cette page en français"},
    "as_of": {"fr": "Données au {date}", "en": "Data as of {date}"},
    "no_data": {"fr": "Aucune donnée pour ces filtres", "en": "No data for these filters"},
    "no_data.hint": {"fr": "Élargissez la période, les métiers ou les régions.",
                     "en": "Widen the period, trades or regions."},
    "download.csv": {"fr": "CSV", "en": "CSV"},
    "download.xlsx": {"fr": "XLSX", "en": "XLSX"},
    "download.title": {"fr": "Télécharger les données de ce bloc", "en": "Download this block's data"},
    "masked.note": {"fr": "Effectifs d'apprenants inférieurs à {n} affichés « < {n} » (secret statistique).",
                    "en": "Learner counts below {n} are shown as \"< {n}\" (statistical confidentiality)."},
    # --- navigation (page names) ---
    "nav.overview": {"fr": "Objectif 10 000", "en": "10,000 goal"},
    "nav.gaps": {"fr": "Tensions", "en": "Talent gaps"},
    "nav.skills": {"fr": "Compétences", "en": "Skills"},
    "nav.training": {"fr": "Formation", "en": "Training"},
    "nav.hiring": {"fr": "Recrutement", "en": "Hiring"},
    "nav.trade": {"fr": "Fiche métier", "en": "Trade profile"},
    "nav.quality": {"fr": "Qualité des données", "en": "Data quality"},
    "nav.sql": {"fr": "SQL", "en": "SQL"},
    # --- filter bar ---
    "filter.trade": {"fr": "Métiers", "en": "Trades"},
    "filter.region": {"fr": "Régions", "en": "Regions"},
    "filter.from": {"fr": "Du trimestre", "en": "From quarter"},
    "filter.to": {"fr": "Au trimestre", "en": "To quarter"},
    "filter.pathway": {"fr": "Voie", "en": "Pathway"},
    "filter.all": {"fr": "Tous", "en": "All"},
    "filter.all_f": {"fr": "Toutes", "en": "All"},
    "filter.reset": {"fr": "Réinitialiser", "en": "Reset"},
    "filter.pathway_note": {"fr": "La voie s'applique aux indicateurs de formation.",
                            "en": "The pathway applies to training indicators."},
    "pathway.initial": {"fr": "Formation initiale", "en": "Initial"},
    "pathway.continuing": {"fr": "Formation continue", "en": "Continuing"},
    "pathway.apprenticeship": {"fr": "Apprentissage", "en": "Apprenticeship"},
    # --- common measures ---
    "unit.jobs": {"fr": "emplois", "en": "jobs"},
    "unit.learners": {"fr": "apprenants", "en": "learners"},
    "measure.month": {"fr": "Mois", "en": "Month"},
    "measure.quarter": {"fr": "Trimestre", "en": "Quarter"},
    "measure.year": {"fr": "Année", "en": "Year"},
    "measure.trade": {"fr": "Métier", "en": "Trade"},
    "measure.region": {"fr": "Région", "en": "Region"},
    "measure.skill": {"fr": "Compétence", "en": "Skill"},
    "measure.programme": {"fr": "Formation", "en": "Programme"},
    "measure.demand": {"fr": "Postes ouverts (demande)", "en": "Openings (demand)"},
    "measure.supply": {"fr": "Diplômés prêts à l'emploi (offre)", "en": "Job-ready graduates (supply)"},
    "measure.graduates": {"fr": "Diplômés", "en": "Graduates"},
    "measure.gap": {"fr": "Écart (demande − offre)", "en": "Gap (demand − supply)"},
    "measure.coverage": {"fr": "Couverture (offre / demande)", "en": "Coverage (supply / demand)"},
    "measure.job_ready_rate": {"fr": "Taux de diplômés prêts à l'emploi", "en": "Job-ready rate"},
    "measure.jobs_created": {"fr": "Emplois créés", "en": "Jobs created"},
    "measure.jobs_created_cumulative": {"fr": "Emplois créés (cumul)", "en": "Jobs created (cumulative)"},
    "measure.target_cumulative": {"fr": "Trajectoire cible", "en": "Target path"},
    "measure.forecast": {"fr": "Projection au rythme actuel", "en": "Projection at the current pace"},
    "measure.hires": {"fr": "Embauches", "en": "Hires"},
    "measure.openings": {"fr": "Postes ouverts", "en": "Openings"},
    "measure.hires_from_campus": {"fr": "Embauches issues du campus", "en": "Hires from the campus"},
    "measure.campus_share": {"fr": "Part du campus dans les embauches", "en": "Campus share of hires"},
    "measure.open_vacancies": {"fr": "Postes vacants", "en": "Open vacancies"},
    "measure.enrolled": {"fr": "Inscrits", "en": "Enrolled"},
    "measure.completed": {"fr": "Formation terminée", "en": "Completed"},
    "measure.certified": {"fr": "Certifiés", "en": "Certified"},
    "measure.placed_6m": {"fr": "En emploi à 6 mois", "en": "Placed within 6 months"},
    "measure.placement_rate_6m": {"fr": "Taux d'insertion à 6 mois", "en": "Placement rate at 6 months"},
    "measure.completion_rate": {"fr": "Taux d'achèvement", "en": "Completion rate"},
    "measure.certification_rate": {"fr": "Taux de certification", "en": "Certification rate"},
    # --- / (overview) ---
    "overview.title": {"fr": "Objectif 10 000 emplois en bioproduction",
                       "en": "The 10,000 bioproduction jobs goal"},
    "overview.kpi.jobs": {"fr": "Emplois créés depuis janvier 2021", "en": "Jobs created since January 2021"},
    "overview.kpi.jobs_of": {"fr": "sur {target}", "en": "out of {target}"},
    "overview.kpi.path_share": {"fr": "de la trajectoire cible à ce jour", "en": "of the target path to date"},
    "overview.kpi.run_rate": {"fr": "Rythme (moyenne 12 mois)", "en": "Run rate (12-month mean)"},
    "overview.kpi.run_rate_unit": {"fr": "emplois / mois ; {required} requis", "en": "jobs / month; {required} required"},
    "overview.kpi.projected": {"fr": "Projection fin 2030", "en": "Projected at end of 2030"},
    "overview.kpi.goal_month": {"fr": "Objectif atteint à ce rythme", "en": "Goal reached at this pace"},
    "overview.kpi.goal_month_never": {"fr": "jamais (rythme nul)", "en": "never (no jobs created)"},
    "overview.on_track": {"fr": "Nous sommes sur la trajectoire : au rythme actuel de {run_rate} emplois par mois, "
                                "l'objectif de {target} emplois serait atteint en {goal_month}, avant fin 2030.",
                          "en": "We are on course: at the current pace of {run_rate} jobs a month, the "
                                "{target}-job goal would be reached in {goal_month}, before the end of 2030."},
    "overview.off_track": {"fr": "Nous ne sommes pas sur la trajectoire : au rythme actuel de {run_rate} emplois par "
                                 "mois, on atteindrait {projected} emplois fin 2030 ; il faudrait {required} emplois "
                                 "par mois d'ici là.",
                           "en": "We are not on course: at the current pace of {run_rate} jobs a month we would "
                                 "reach {projected} jobs by the end of 2030; it would take {required} jobs a month "
                                 "from now on."},
    "overview.curve.title": {"fr": "Emplois créés cumulés, trajectoire cible et projection à 2030",
                             "en": "Cumulative jobs created, target path and projection to 2030"},
    "overview.training.title": {"fr": "Formation et insertion", "en": "Training and placement"},
    "overview.kpi.enrolled": {"fr": "Apprenants inscrits", "en": "Learners enrolled"},
    "overview.kpi.graduates": {"fr": "Diplômés", "en": "Graduates"},
    "overview.kpi.job_ready": {"fr": "Taux de diplômés prêts à l'emploi", "en": "Job-ready rate"},
    "overview.kpi.placement": {"fr": "Taux d'insertion à 6 mois", "en": "Placement rate at 6 months"},
    "overview.shortages.title": {"fr": "Plus fortes tensions (métier × région) sur la période",
                                 "en": "Largest shortages (trade × region) over the period"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The label in the language, with {placeholders} filled; a missing key is a bug, so it raises."""
    text = LABELS[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """10 000 / 72,5 in French; 10,000 / 72.5 in English; an en dash when missing."""
    if _is_missing(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def fmt_pct(ratio: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A ratio between 0 and 1 as a percentage: 72,5 % in French, 72.5% in English."""
    if _is_missing(ratio):
        return "–"
    number = fmt_number(ratio * 100, lang, decimals)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def fmt_month(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return "–"
    return f"{MONTHS[language(lang)][value.month - 1]} {value.year}"


def fmt_date(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def fmt_quarter(value: date | None) -> str:
    return "–" if value is None else f"{value.year}Q{(value.month - 1) // 3 + 1}"


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: decimal then thousands."""
    return ", " if lang == "fr" else ".,"
