"""Every label of the app, French and English, and the number formats of each language.

One translation table: a page never writes a user-visible string of its own,
it asks ``t(key, lang)``. French is the default language.

The messages of ingest and of the SQL sandbox are in this table too, under a prefix:
``ingest.<key>`` is the message ``<key>`` of pipelines/messages.py (what ingest says of a file
or a value), ``sandbox.<code>`` the message ``<code>`` of warehouse/sandbox_messages.py (what
the sandbox says of a query). Their templates are written there, beside the code that raises
them, because that code runs where this module is not imported (``workforce ingest`` and
``workforce sql`` on a server without the app, the sandbox's worker processes) and stores or
sends a message as its key and arguments, never as text. LABELS takes those templates as they
are, not copies, so each message has one text per language wherever it shows, and ``t()``
renders a prefixed key with its own module's rules (messages nested in arguments, numbers and
sizes in the language). ``stored_text`` turns what was stored (a key, its arguments, the
English text written beside them) into the page's language. A key is defined in one place:
tests/unit/test_i18n_labels.py checks that no table repeats a key, that no label of the app
takes a folded prefix, and that every key has its French and its English.
"""

from __future__ import annotations

import decimal
import functools
import json
import math
import re
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping

from babel.dates import format_date, format_skeleton
from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol, parse_pattern
from babel.units import format_unit

from pipelines import messages as ingest_messages
from warehouse import sandbox_messages
from warehouse.cldr import locale, quarter_name, quarter_parts, round_half_up

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
    "banner.unreadable": {"fr": "L'entrepôt de données ne peut pas être lu : {reason}. Les administrateurs le "
                                "vérifient avec `workforce check`.",
                          "en": "The warehouse cannot be read: {reason}. Administrators check it with "
                                "`workforce check`."},
    "banner.unavailable": {"fr": "Les données ne sont pas disponibles pour le moment : rechargez la page dans un "
                                 "instant.",
                           "en": "The data are not available right now: reload the page in a moment."},
    "banner.no_sign_in": {"fr": "Aucune connexion n'est configurée : vous voyez la vue du comité de pilotage, "
                                "petits effectifs masqués.",
                          "en": "No sign-in is configured: you see the steering committee's view, small counts "
                                "withheld."},
    "nav.sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "nav.signed_in": {"fr": "{name} · {role}", "en": "{name} · {role}"},
    "role.steering": {"fr": "comité de pilotage", "en": "steering committee"},
    "role.hr": {"fr": "RH", "en": "HR"},
    "role.analyst": {"fr": "analyste", "en": "analyst"},
    "role.admin": {"fr": "administration", "en": "admin"},
    "forbidden.title": {"fr": "Cette page n'est pas ouverte à votre rôle",
                        "en": "This page is not open to your role"},
    "forbidden.sql": {"fr": "La console SQL est réservée aux analystes et aux administrateurs : elle montre les "
                            "valeurs vraies de l'entrepôt, petits effectifs compris.",
                      "en": "The SQL console is for analysts and admins: it shows the warehouse's true values, "
                            "small counts included."},
    "forbidden.audit": {"fr": "Le journal d'audit est réservé aux administrateurs.",
                        "en": "The audit log is for admins."},
    "login.title": {"fr": "Connexion", "en": "Sign in"},
    "login.intro": {"fr": "Connectez-vous avec l'identifiant que votre administrateur vous a remis.",
                    "en": "Sign in with the username your administrator gave you."},
    "login.username": {"fr": "Identifiant", "en": "Username"},
    "login.password": {"fr": "Mot de passe", "en": "Password"},
    "login.submit": {"fr": "Se connecter", "en": "Sign in"},
    "login.failed": {"fr": "Identifiant ou mot de passe incorrect.", "en": "Wrong username or password."},
    "login.throttled": {"fr": "Trop d'essais infructueux pour cet identifiant : réessayez dans {minutes} minutes.",
                        "en": "Too many failed attempts for this username: try again in {minutes} minutes."},
    "login.csrf": {"fr": "Le formulaire a expiré : rechargez la page et réessayez.",
                   "en": "The form has expired: reload the page and try again."},
    "lang.switch": {"fr": "English", "en": "Français"},
    "lang.switch_title": {"fr": "View this page in English", "en": "Voir cette page en français"},
    "as_of": {"fr": "Données au {date}", "en": "Data as of {date}"},
    "no_data": {"fr": "Aucune donnée pour ces filtres", "en": "No data for these filters"},
    "no_data.hint": {"fr": "Élargissez la période, les métiers ou les régions.",
                     "en": "Widen the period, trades or regions."},
    "download.csv": {"fr": "CSV", "en": "CSV"},
    "download.xlsx": {"fr": "XLSX", "en": "XLSX"},
    "download.title": {"fr": "Télécharger les données de ce bloc", "en": "Download this block's data"},
    "masked.secret": {"fr": "s", "en": "s"},
    "masked.all_bars": {"fr": "Valeurs masquées (secret statistique) : une partie compte moins de {n} apprenants,<br>"
                              "et l'autre s'en déduirait. Le détail est dans l'infobulle de chaque compétence.",
                        "en": "Values withheld (statistical confidentiality): one part counts fewer than {n} "
                              "learners,<br>and the other would give it away. Each skill's hover has the detail."},
    "masked.note": {"fr": "Effectifs d'apprenants inférieurs à {n} affichés « < {n} » (secret statistique) ; "
                          "« s » : valeur masquée pour qu'aucun de ces effectifs ne puisse être recalculé.",
                    "en": "Learner counts below {n} are shown as \"< {n}\" (statistical confidentiality); "
                          "\"s\": withheld so that none of them can be worked out from the others."},
    # --- navigation (page names) ---
    "nav.overview": {"fr": "Objectif 10 000", "en": "10,000 goal"},
    "nav.gaps": {"fr": "Tensions", "en": "Talent gaps"},
    "nav.skills": {"fr": "Compétences", "en": "Skills"},
    "nav.training": {"fr": "Formation", "en": "Training"},
    "nav.hiring": {"fr": "Recrutement", "en": "Hiring"},
    "nav.trade": {"fr": "Fiche métier", "en": "Trade profile"},
    "nav.quality": {"fr": "Qualité des données", "en": "Data quality"},
    "nav.sql": {"fr": "SQL", "en": "SQL"},
    "nav.audit": {"fr": "Audit", "en": "Audit"},
    "audit.title": {"fr": "Journal d'audit", "en": "Audit log"},
    "audit.intro": {"fr": "Connexions et échecs, requêtes SQL, téléchargements et adresses de données des {days} "
                          "derniers jours ({shown} événements), les plus récents en premier. En ligne de commande : "
                          "`workforce audit --since 7d`.",
                    "en": "Sign-ins and failures, SQL queries, downloads and data addresses of the last {days} days "
                          "({shown} events), latest first. On the command line: `workforce audit --since 7d`."},
    # --- filter bar ---
    "filter.trade": {"fr": "Métiers", "en": "Trades"},
    "filter.region": {"fr": "Régions", "en": "Regions"},
    "filter.from": {"fr": "Du trimestre", "en": "From quarter"},
    "filter.to": {"fr": "Au trimestre", "en": "To quarter"},
    "filter.pathway": {"fr": "Voie", "en": "Pathway"},
    "filter.all": {"fr": "Tous", "en": "All"},
    "filter.all_f": {"fr": "Toutes", "en": "All"},
    "filter.reset": {"fr": "Réinitialiser", "en": "Reset"},
    "filter.reset_title": {"fr": "Tous les métiers, toutes les régions, toute la période, toutes les voies",
                           "en": "Every trade, every region, the whole period, every pathway"},
    "filter.unknown_trade": {"fr": "Le lien demande le métier « {code} », que l'entrepôt ne connaît pas : il n'est "
                                   "pas appliqué. Métiers connus : {known}.",
                             "en": "The link asks for the trade \"{code}\", which the warehouse does not know: it "
                                   "is not applied. Known trades: {known}."},
    "filter.unknown_region": {"fr": "Le lien demande la région « {code} », que l'entrepôt ne connaît pas : elle "
                                    "n'est pas appliquée. Régions connues : {known}.",
                              "en": "The link asks for the region \"{code}\", which the warehouse does not know: "
                                    "it is not applied. Known regions: {known}."},
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
    # --- column headers of downloaded files (dashboard/downloads.py; measure.*, skills.* and quality.col.*
    # headers serve too) ---
    "column.trade_code": {"fr": "Code métier", "en": "Trade code"},
    "column.trade_label": {"fr": "Métier", "en": "Trade"},
    "column.trade_fr": {"fr": "Métier", "en": "Trade (French)"},
    "column.trade_en": {"fr": "Métier (anglais)", "en": "Trade"},
    "column.region_code": {"fr": "Code région (INSEE)", "en": "Region code (INSEE)"},
    "column.region_name": {"fr": "Région", "en": "Region"},
    "column.skill_code": {"fr": "Code compétence", "en": "Skill code"},
    "column.skill_label": {"fr": "Compétence", "en": "Skill"},
    "column.domain": {"fr": "Domaine de compétence", "en": "Skill domain"},
    "column.programme_code": {"fr": "Code formation", "en": "Programme code"},
    "column.modality": {"fr": "Modalité", "en": "Modality"},
    "column.pathway": {"fr": "Voie", "en": "Pathway"},
    "column.label": {"fr": "Libellé", "en": "Label"},
    "column.duration_hours": {"fr": "Durée (heures)", "en": "Duration (hours)"},
    "column.quarter_start": {"fr": "Trimestre", "en": "Quarter"},
    "column.cohort_year": {"fr": "Année d'entrée (cohorte)", "en": "Cohort year"},
    "column.latest_month": {"fr": "Dernier mois déclaré", "en": "Latest month reported"},
    "column.in_progress": {"fr": "En cours de formation", "en": "In training"},
    "column.withdrawn": {"fr": "Abandons", "en": "Withdrawn"},
    "column.eligible_6m": {"fr": "Terminées depuis au moins 6 mois", "en": "Completed at least 6 months ago"},
    "column.employer_id": {"fr": "Employeur", "en": "Employer"},
    "column.months_reported": {"fr": "Mois déclarés", "en": "Months reported"},
    "column.projected_cumulative": {"fr": "Projection au rythme actuel (cumul)",
                                    "en": "Projection at the current pace (cumulative)"},
    "column.blocked_enrolments": {"fr": "Diplômés non prêts en défaut sur la compétence",
                                  "en": "Not-job-ready graduates short on the skill"},
    "column.blocking_learners": {"fr": "Diplômés que la compétence a empêchés d'être prêts",
                                 "en": "Graduates the skill kept from being job-ready"},
    "column.completed_enrolments": {"fr": "Formations terminées", "en": "Completed enrolments"},
    "column.not_job_ready_enrolments": {"fr": "Diplômés non prêts à l'emploi", "en": "Not-job-ready graduates"},
    "column.sole_blocker_enrolments": {"fr": "Seule compétence manquante", "en": "Only skill missing"},
    "column.proficient_assessments": {"fr": "Évaluations au niveau requis", "en": "Assessments at the required level"},
    "column.method": {"fr": "Méthode d'évaluation", "en": "Assessment method"},
    "column.breakdown": {"fr": "Ventilation", "en": "Breakdown"},
    "column.breakdown_key": {"fr": "Code de la ventilation", "en": "Breakdown code"},
    "column.breakdown_label": {"fr": "Région ou année", "en": "Region or year"},
    "column.latest_date": {"fr": "Dernière date des données", "en": "Latest date of the data"},
    "column.last_loaded_at": {"fr": "Dernier chargement", "en": "Last loaded"},
    "column.files_loaded": {"fr": "Fichiers chargés", "en": "Files loaded"},
    "column.files_failed": {"fr": "Fichiers refusés", "en": "Files refused"},
    "column.loaded_at": {"fr": "Chargé le", "en": "Loaded on"},
    "column.rejected": {"fr": "Valeurs rejetées", "en": "Values rejected"},
    "column.file_name": {"fr": "Nom du fichier", "en": "File name"},
    "column.sheet": {"fr": "Feuille", "en": "Sheet"},
    "column.at": {"fr": "Quand (UTC)", "en": "When (UTC)"},
    "column.event": {"fr": "Événement", "en": "Event"},
    "column.who": {"fr": "Qui", "en": "Who"},
    "column.address": {"fr": "Depuis", "en": "From"},
    "column.detail": {"fr": "Détail", "en": "Detail"},
    "column.target_level": {"fr": "Niveau (métier ou famille)", "en": "Level (trade or family)"},
    "column.target_code": {"fr": "Code du métier ou de la famille", "en": "Trade or family code"},
    "column.target_label": {"fr": "Métier ou famille", "en": "Trade or family"},
    "column.family": {"fr": "Famille de métiers", "en": "Trade family"},
    "column.met": {"fr": "Projets de recrutement (BMO)", "en": "Hiring projects (BMO)"},
    "column.xmet": {"fr": "Projets jugés difficiles (BMO)", "en": "Projects judged difficult (BMO)"},
    "column.smet": {"fr": "Projets saisonniers (BMO)", "en": "Seasonal projects (BMO)"},
    "column.rated_met": {"fr": "Projets des cases où la difficulté est publiée",
                         "en": "Projects of the cells whose difficulty is published"},
    "column.rated_xmet": {"fr": "Projets difficiles de ces cases", "en": "Difficult projects of those cells"},
    "column.cells": {"fr": "Cases BMO (bassins d'emploi × métiers)", "en": "BMO cells (employment areas × métiers)"},
    "column.masked_met_cells": {"fr": "Cases masquées (projets)", "en": "Masked cells (projects)"},
    "column.masked_xmet_cells": {"fr": "Cases masquées (difficiles)", "en": "Masked cells (difficult)"},
    "column.masked_smet_cells": {"fr": "Cases masquées (saisonniers)", "en": "Masked cells (seasonal)"},
    "column.reported_openings_provisional": {"fr": "Postes ouverts provisoires (déclarations incomplètes)",
                                             "en": "Openings provisional (incomplete returns)"},
    "column.is_provisional": {"fr": "Provisoire (déclarations incomplètes)", "en": "Provisional (incomplete returns)"},
    "column.bmo_code": {"fr": "Code métier BMO", "en": "BMO métier code"},
    "column.bmo_label": {"fr": "Métier BMO", "en": "BMO métier"},
    "column.files": {"fr": "Fichiers", "en": "Files"},
    "column.reason_key": {"fr": "Code du motif", "en": "Reason code"},
    "column.months_ahead": {"fr": "Mois après le point de départ", "en": "Months ahead"},
    "column.backtest_months": {"fr": "Recul de la prévision (mois)", "en": "Forecast made (months before)"},
    "column.actual_cumulative": {"fr": "Emplois créés déclarés (cumul)", "en": "Jobs created reported (cumulative)"},
    "column.jobs_created_cumulative_p10": {"fr": "Prévision, 1 chance sur 10 d'être sous (cumul)",
                                           "en": "Forecast, 1 chance in 10 of being below (cumulative)"},
    "column.jobs_created_cumulative_p50": {"fr": "Prévision médiane (cumul)", "en": "Median forecast (cumulative)"},
    "column.jobs_created_cumulative_p90": {"fr": "Prévision, 1 chance sur 10 d'être au-dessus (cumul)",
                                           "en": "Forecast, 1 chance in 10 of being above (cumulative)"},
    "column.within_band": {"fr": "Dans la bande de prévision", "en": "Within the forecast band"},
    "column.scenario": {"fr": "Scénario", "en": "Scenario"},
    "column.extra_enrolments_per_year": {"fr": "Inscriptions supplémentaires par an", "en": "Extra enrolments a year"},
    "column.start_quarter": {"fr": "Trimestre de départ", "en": "Start quarter"},
    "column.extra_enrolments_starting": {"fr": "Entrées supplémentaires", "en": "Extra enrolments starting"},
    "column.extra_completions": {"fr": "Formations terminées en plus", "en": "Extra completions"},
    "column.extra_job_ready_graduates": {"fr": "Diplômés prêts à l'emploi en plus", "en": "Extra job-ready graduates"},
    "column.extra_placed_6m": {"fr": "En emploi à 6 mois en plus", "en": "Extra placed within 6 months"},
    "column.supply_baseline": {"fr": "Diplômés prêts à l'emploi, sans le scénario",
                               "en": "Job-ready graduates, without the scenario"},
    "column.supply_with_scenario": {"fr": "Diplômés prêts à l'emploi, avec le scénario",
                                    "en": "Job-ready graduates, with the scenario"},
    "column.coverage_baseline": {"fr": "Couverture sans le scénario", "en": "Coverage without the scenario"},
    "column.coverage_with_scenario": {"fr": "Couverture avec le scénario", "en": "Coverage with the scenario"},
    "column.gap_baseline": {"fr": "Écart sans le scénario", "en": "Gap without the scenario"},
    "column.gap_with_scenario": {"fr": "Écart avec le scénario", "en": "Gap with the scenario"},
    "column.duration_months": {"fr": "Durée de formation (mois)", "en": "Programme duration (months)"},
    "column.completion_used": {"fr": "Taux d'achèvement retenu", "en": "Completion rate used"},
    "column.job_readiness_used": {"fr": "Taux de diplômés prêts à l'emploi retenu", "en": "Job-ready rate used"},
    "column.placement_used": {"fr": "Taux d'insertion à 6 mois retenu", "en": "Placement rate used"},
    "column.duration_months_used": {"fr": "Durée retenue (mois)", "en": "Duration used (months)"},
    "column.baseline_supply_used": {"fr": "Diplômés prêts à l'emploi par trimestre retenus (sans le scénario)",
                                    "en": "Job-ready graduates a quarter used (without the scenario)"},
    "column.completion_source": {"fr": "Taux d'achèvement : origine", "en": "Completion rate: where from"},
    "column.job_readiness_source": {"fr": "Taux de diplômés prêts : origine", "en": "Job-ready rate: where from"},
    "column.placement_source": {"fr": "Taux d'insertion : origine", "en": "Placement rate: where from"},
    "column.duration_months_source": {"fr": "Durée : origine", "en": "Duration: where from"},
    "column.baseline_supply_source": {"fr": "Diplômés par trimestre : origine", "en": "Graduates a quarter: where from"},
    "value.yes": {"fr": "oui", "en": "yes"},
    "value.no": {"fr": "non", "en": "no"},
    # --- titles of the downloaded cards (a sheet's name and a file's title) ---
    "card.goal-path": {"fr": "Trajectoire de l'objectif 10 000 emplois", "en": "Path of the 10,000-jobs goal"},
    "card.largest-shortages": {"fr": "Plus fortes tensions", "en": "Largest shortages"},
    "card.gaps-by-trade": {"fr": "Tensions par métier", "en": "Talent gaps by trade"},
    "card.gaps-by-region": {"fr": "Tensions par région", "en": "Talent gaps by region"},
    "card.gaps-heatmap": {"fr": "Tensions par métier et région", "en": "Talent gaps by trade and region"},
    "card.gaps-table": {"fr": "Tensions par métier et région", "en": "Talent gaps by trade and region"},
    "card.gaps-trend": {"fr": "Tensions par trimestre", "en": "Talent gaps by quarter"},
    "card.skills-overview": {"fr": "Niveau atteint par compétence", "en": "Level reached by skill"},
    "card.skills-levels": {"fr": "Compétences du métier", "en": "Skills of the trade"},
    "card.skills-blocking": {"fr": "Compétences bloquantes", "en": "Blocking skills"},
    "card.skills-blocking-breakdown": {"fr": "Compétences bloquantes par région et année",
                                       "en": "Blocking skills by region and year"},
    "card.skills-methods": {"fr": "Résultats par méthode d'évaluation", "en": "Results by assessment method"},
    "card.training-funnel": {"fr": "Entonnoir de formation", "en": "Training funnel"},
    "card.training-cohorts": {"fr": "Résultats par cohorte", "en": "Outcomes by cohort"},
    "card.training-pathways": {"fr": "Résultats par voie", "en": "Outcomes by pathway"},
    "card.training-modalities": {"fr": "Résultats par modalité", "en": "Outcomes by modality"},
    "card.training-programmes": {"fr": "Résultats par formation", "en": "Outcomes by programme"},
    "card.hiring-monthly": {"fr": "Recrutement par mois", "en": "Hiring by month"},
    "card.hiring-campus-share": {"fr": "Part du campus dans les embauches", "en": "Campus share of hires"},
    "card.hiring-vacancies": {"fr": "Postes vacants", "en": "Open vacancies"},
    "card.hiring-trade-region": {"fr": "Recrutement par métier et région", "en": "Hiring by trade and region"},
    "card.hiring-employers": {"fr": "Recrutement par employeur", "en": "Hiring by employer"},
    "card.trade-regions": {"fr": "Fiche métier : tensions par région", "en": "Trade profile: gaps by region"},
    "card.trade-trend": {"fr": "Fiche métier : tensions par trimestre", "en": "Trade profile: gaps by quarter"},
    "card.trade-skills": {"fr": "Fiche métier : compétences", "en": "Trade profile: skills"},
    "card.trade-blocking": {"fr": "Fiche métier : compétences bloquantes", "en": "Trade profile: blocking skills"},
    "card.trade-programmes": {"fr": "Fiche métier : formations", "en": "Trade profile: programmes"},
    "card.trade-hiring": {"fr": "Fiche métier : recrutement", "en": "Trade profile: hiring"},
    "card.quality-freshness": {"fr": "Fraîcheur des sources", "en": "Freshness of the sources"},
    "card.quality-reasons": {"fr": "Rejets par motif", "en": "Rejections by reason"},
    "card.quality-rejected-rows": {"fr": "Valeurs rejetées", "en": "Rejected values"},
    "card.gaps-public-demand": {"fr": "Projets de recrutement publics (BMO) par métier",
                                "en": "Public hiring projects (BMO) by trade"},
    "card.trade-public-demand": {"fr": "Fiche métier : projets de recrutement publics (BMO)",
                                 "en": "Trade profile: public hiring projects (BMO)"},
    "card.market-by-trade": {"fr": "BMO et postes ouverts par métier", "en": "BMO and openings by trade"},
    "card.market-by-region": {"fr": "Difficulté de recrutement par région (BMO)",
                              "en": "Hiring difficulty by region (BMO)"},
    "card.market-trend": {"fr": "BMO et postes ouverts par année", "en": "BMO and openings by year"},
    "card.market-table": {"fr": "BMO par métier et région", "en": "BMO by trade and region"},
    "card.quality-bmo-missing-codes": {"fr": "Codes BMO absents des enquêtes chargées",
                                       "en": "BMO codes missing from the loaded surveys"},
    "card.goal-forecast-band": {"fr": "Prévision statistique des emplois créés", "en": "Statistical forecast of jobs created"},
    "card.goal-forecast-backtest": {"fr": "Prévisions passées face aux emplois déclarés",
                                    "en": "Past forecasts against the jobs reported"},
    "card.scenarios-inputs": {"fr": "Scénarios : hypothèses", "en": "Scenarios: assumptions"},
    "card.scenarios-projection": {"fr": "Scénarios : couverture par trimestre", "en": "Scenarios: coverage by quarter"},
    "card.scenarios-table": {"fr": "Scénarios : projection par trimestre", "en": "Scenarios: projection by quarter"},
    "card.audit-log": {"fr": "Journal d'audit", "en": "Audit log"},
    "card.quality-load-log": {"fr": "Journal des chargements", "en": "Load log"},
    "export.period": {"fr": "Période", "en": "Period"},
    "export.data_url": {"fr": "Adresse des données (Power Query, scripts)", "en": "Data address (Power Query, scripts)"},
    "export.unprotected": {"fr": "aucun : valeurs exactes (rôle {role})", "en": "none: exact values ({role} role)"},
    "export.source.value": {"fr": "Observatoire des compétences et de l'emploi en bioproduction, entrepôt construit le "
                                  "{built_at} ({mode})",
                            "en": "Bioproduction skills and workforce observatory, warehouse built on {built_at} ({mode})"},
    "export.mode.demo": {"fr": "données de démonstration", "en": "demonstration data"},
    "export.mode.real": {"fr": "données réelles", "en": "real data"},
    "export.truncated": {"fr": "Les {shown} premières lignes sur {total} : filtrez davantage, ou utilisez la console SQL "
                               "ou l'export Parquet pour tout obtenir.",
                         "en": "The first {shown} rows of {total}: filter more, or use the SQL console or the Parquet "
                               "export to get them all."},
    "export.rows": {"fr": "Lignes", "en": "Rows"},
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
    "overview.kpi.enrolled": {"fr": "Inscriptions", "en": "Enrolments"},
    "overview.kpi.enrolled_detail": {"fr": "une personne inscrite à deux formations compte deux fois",
                                     "en": "a person enrolled in two programmes counts twice"},
    "overview.kpi.graduates": {"fr": "Diplômés (par métier, région et trimestre)",
                               "en": "Graduates (by trade, region and quarter)"},
    "overview.kpi.graduates_detail": {"fr": "apprenants ayant achevé une formation du métier",
                                      "en": "learners who completed a programme of the trade"},
    "overview.goal.national": {"fr": "L'objectif, sa trajectoire et la projection sont nationaux : tous métiers, "
                                     "toutes régions, toutes voies. Les filtres s'appliquent au bloc Formation et "
                                     "insertion plus bas.",
                               "en": "The goal, its path and the forecast are national: every trade, region and "
                                     "pathway. The filters apply to the Training and placement block below."},
    "overview.kpi.job_ready": {"fr": "Taux de diplômés prêts à l'emploi", "en": "Job-ready rate"},
    "overview.kpi.placement": {"fr": "Taux d'insertion à 6 mois", "en": "Placement rate at 6 months"},
    "overview.shortages.title": {"fr": "Plus fortes tensions (métier × région) sur la période",
                                 "en": "Largest shortages (trade × region) over the period"},
    # --- / (overview): the statistical forecast and its backtest (docs/forecast.md) ---
    "goal.forecast.title": {"fr": "Prévision statistique : fourchette des emplois créés cumulés à fin 2030",
                            "en": "Statistical forecast: range of cumulative jobs created to the end of 2030"},
    "goal.forecast.band": {"fr": "Fourchette p10–p90 (8 futurs sur 10)", "en": "p10–p90 range (8 futures in 10)"},
    "goal.forecast.median": {"fr": "Prévision médiane (p50)", "en": "Median forecast (p50)"},
    "goal.forecast.sentence": {
        "fr": "Prévision statistique : {chance} ({pct}) d'atteindre l'objectif de {target} emplois d'ici fin {year} au "
              "rythme actuel ; fin {year}, entre {low} et {high} emplois dans 8 futurs simulés sur 10 (médiane "
              "{median}).",
        "en": "Statistical forecast: {chance} ({pct}) of reaching the {target}-job goal by the end of {year} at the "
              "current pace; at the end of {year}, between {low} and {high} jobs in 8 simulated futures out of 10 "
              "(median {median})."},
    "goal.forecast.chance_one_in": {"fr": "environ 1 chance sur {n}", "en": "about 1 chance in {n}"},
    "goal.forecast.chance_in_ten": {"fr": "environ {n} chances sur 10", "en": "about {n} chances in 10"},
    "goal.forecast.chance_none": {"fr": "moins d'une chance sur {simulations}", "en": "less than 1 chance in {simulations}"},
    "goal.forecast.chance_all": {"fr": "quasi-certitude (chacun des {simulations} futurs simulés)",
                                 "en": "near certainty (every one of {simulations} simulated futures)"},
    "goal.forecast.too_short": {
        "fr": "Prévision statistique : pas encore assez d'historique ({months} mois complets ; il en faut 3).",
        "en": "Statistical forecast: not enough history yet ({months} complete months; 3 are needed)."},
    "goal.forecast.window_over": {"fr": "La période de l'objectif est close : {target} emplois n'ont pas été atteints "
                                        "fin {year}.",
                                  "en": "The goal's window is over: {target} jobs were not reached by the end of {year}."},
    "goal.forecast.window_over.reached": {"fr": "La période de l'objectif est close : {target} emplois ont été atteints "
                                                "fin {year}.",
                                          "en": "The goal's window is over: {target} jobs were reached by the end of "
                                                "{year}."},
    "goal.forecast.none": {"fr": "Prévision statistique : aucun emploi créé n'est encore déclaré.",
                           "en": "Statistical forecast: no job created has been reported yet."},
    "goal.forecast.how": {
        "fr": "La droite officielle prolonge le rythme moyen des 12 derniers mois ; la prévision statistique suit le "
              "rythme récent et sa tendance, et dit son incertitude : 2 000 futurs simulés, dont 8 sur 10 restent "
              "dans la fourchette. Méthode : docs/forecast.md.",
        "en": "The official straight line carries the last 12 months' mean pace forward; the statistical forecast "
              "follows the recent pace and its trend, and says how uncertain it is: 2,000 simulated futures, 8 in 10 "
              "of which stay within the range. Method: docs/forecast.md."},
    "goal.backtest.title": {"fr": "La prévision face à ce qui s'est passé (faite il y a 12 et 24 mois)",
                            "en": "The forecast against what happened (made 12 and 24 months ago)"},
    "goal.backtest.panel": {"fr": "Faite il y a {months} mois ({origin})", "en": "Made {months} months ago ({origin})"},
    "goal.backtest.intro": {
        "fr": "La même méthode, appliquée aux seuls mois connus il y a 12 et 24 mois, comparée aux emplois déclarés "
              "depuis.",
        "en": "The same method, run on the months known 12 and 24 months ago, against the jobs reported since."},
    "goal.backtest.col.made": {"fr": "Prévision faite", "en": "Forecast made"},
    "goal.backtest.col.judged": {"fr": "Pour le mois", "en": "For the month"},
    "goal.backtest.col.forecast": {"fr": "Prévu (fourchette p10–p90)", "en": "Forecast (p10–p90 range)"},
    "goal.backtest.col.reported": {"fr": "Déclaré", "en": "Reported"},
    "goal.backtest.col.error": {"fr": "Écart de la médiane", "en": "Error of the median"},
    "goal.backtest.col.band": {"fr": "Dans la fourchette ?", "en": "Within the range?"},
    "goal.backtest.made": {"fr": "il y a {months} mois ({month})", "en": "{months} months before ({month})"},
    "goal.backtest.forecast": {"fr": "{median} ({low} à {high})", "en": "{median} ({low} to {high})"},
    "goal.backtest.error": {"fr": "{error} ({share} des {since} emplois créés depuis)",
                            "en": "{error} ({share} of the {since} jobs created since)"},
    "goal.backtest.within": {"fr": "oui ({months} mois sur {of})", "en": "yes ({months} months of {of})"},
    "goal.backtest.outside": {"fr": "non ({months} mois sur {of} dans la fourchette)",
                              "en": "no ({months} months of {of} within it)"},
    "goal.backtest.none": {"fr": "Pas encore d'historique suffisant pour une prévision rétrospective.",
                           "en": "Not enough history yet for a backtest."},
    "report.button": {"fr": "Rapport PDF", "en": "PDF report"},
    "report.button_title": {"fr": "Le rapport du comité de pilotage pour ces filtres, en PDF (A4)",
                            "en": "The steering committee's report for these filters, as a PDF (A4)"},
    # --- the committee's PDF report (dashboard/report.py, dashboard/templates/report.html) ---
    "report.title": {"fr": "Rapport du comité de pilotage — {month}", "en": "Steering committee report — {month}"},
    "report.running_title": {"fr": "Observatoire bioproduction · rapport du comité de pilotage",
                             "en": "Bioproduction observatory · steering committee report"},
    "report.subtitle": {"fr": "Objectif 10 000 emplois en bioproduction : où en est-on, où sont les tensions, ce qui "
                              "a changé ce mois-ci.",
                        "en": "The 10,000 bioproduction jobs goal: where we stand, where the shortages are, what "
                              "changed this month."},
    "report.data_as_of": {"fr": "Données au {date}", "en": "Data as of {date}"},
    "report.generated": {"fr": "Édité le {date}", "en": "Generated on {date}"},
    "report.page": {"fr": "Page", "en": "Page"},
    "report.data_date": {"fr": "Données au", "en": "Data as of"},
    "report.generated_on": {"fr": "Édité le", "en": "Generated on"},
    "report.period": {"fr": "Période", "en": "Period"},
    "report.protection.title": {"fr": "Secret statistique :", "en": "Statistical confidentiality:"},
    "report.protection.protected": {
        "fr": "vue « {role} » : les effectifs d'apprenants inférieurs à {n} sont affichés « < {n} », et « s » marque "
              "une valeur masquée pour qu'aucun de ces effectifs ne puisse être recalculé ; un taux ou un écart "
              "construit sur un effectif masqué est masqué aussi (docs/privacy.md).",
        "en": "\"{role}\" view: learner counts below {n} show as \"< {n}\", and \"s\" marks a value withheld so that "
              "none of them can be worked out; a rate or gap built on a withheld count is withheld too "
              "(docs/privacy.md)."},
    "report.protection.unprotected": {
        "fr": "vue « {role} » : valeurs exactes de l'entrepôt, petits effectifs compris. Masquez-les avant toute "
              "diffusion.",
        "en": "\"{role}\" view: the warehouse's true values, small counts included. Withhold them before sharing."},
    "report.source": {"fr": "Source : {tables} (entrepôt de l'observatoire) · données au {date}",
                      "en": "Source: {tables} (the observatory's warehouse) · data as of {date}"},
    "report.kpi.probability": {"fr": "Chance d'atteindre l'objectif (prévision statistique)",
                               "en": "Chance of reaching the goal (statistical forecast)"},
    "report.section.goal": {"fr": "L'objectif : la droite officielle et la prévision statistique",
                            "en": "The goal: the official straight line and the statistical forecast"},
    "report.section.backtest": {"fr": "La prévision face à ce qui s'est passé", "en": "The forecast against what happened"},
    "report.section.shortages": {"fr": "Les plus fortes tensions", "en": "The largest shortages"},
    "report.section.skills": {"fr": "Les compétences qui empêchent d'être prêt à l'emploi",
                              "en": "The skills that block job-readiness"},
    "report.skills.intro": {"fr": "Parmi les diplômés qui n'étaient pas prêts à l'emploi, les compétences requises sur "
                                  "lesquelles ils étaient le plus souvent en défaut.",
                            "en": "Among the graduates who were not job-ready, the required skills they fell short on "
                                  "most often."},
    "report.skills.blocked": {"fr": "Diplômés bloqués", "en": "Graduates held back"},
    "report.skills.sole": {"fr": "dont par cette seule compétence", "en": "by this skill alone"},
    "report.skills.share": {"fr": "Part des non prêts", "en": "Share of the not job-ready"},
    "report.section.training": {"fr": "Formation et insertion", "en": "Training and placement"},
    "report.section.public_demand": {"fr": "Demande publique : enquête BMO de France Travail",
                                     "en": "Public demand: France Travail's BMO survey"},
    "report.public_demand.absent": {
        "fr": "Aucune enquête BMO n'est chargée pour cette sélection : chargez le fichier « base open data » de "
              "l'enquête avec `workforce ingest` (docs/bmo.md).",
        "en": "No BMO survey is loaded for this selection: load the survey's open-data file with `workforce ingest` "
              "(docs/bmo.md)."},
    "report.public_demand.intro": {
        "fr": "Projets de recrutement de l'enquête BMO pour la sélection, dernière année chargée de la période, comme "
              "sur la page Marché du travail : ils comptent des projets d'embauche, pas des emplois.",
        "en": "Hiring projects of the BMO survey for the selection, latest year loaded in the period, as on the Labour "
              "market page: they count hiring projects, not jobs."},
    "report.public_demand.met": {"fr": "Projets", "en": "Projects"},
    "report.public_demand.xmet": {"fr": "dont difficiles", "en": "judged difficult"},
    "report.public_demand.rate": {"fr": "Part difficile", "en": "Difficulty rate"},
    "report.section.changes": {"fr": "Ce qui a changé depuis le mois dernier", "en": "What changed since last month"},
    "report.changes.hiring": {"fr": "Recrutement : les plus forts mouvements par métier",
                              "en": "Hiring: the largest moves by trade"},
    "report.changes.hiring_period": {"fr": "{latest} (entre parenthèses : l'écart avec {previous}).",
                                     "en": "{latest} (in brackets: the change from {previous})."},
    "report.changes.coverage": {"fr": "Couverture de la demande : les plus forts mouvements par métier",
                                "en": "Coverage of demand: the largest moves by trade"},
    "report.changes.coverage_period": {
        "fr": "La couverture se compte par trimestre : les quatre derniers trimestres complets ({now}) face à la même "
              "durée un trimestre plus tôt ({before}).",
        "en": "Coverage is counted by quarter: the last four complete quarters ({now}) against the same span one "
              "quarter earlier ({before})."},
    "report.changes.before": {"fr": "Avant", "en": "Before"},
    "report.changes.now": {"fr": "Maintenant", "en": "Now"},
    "report.changes.move": {"fr": "Mouvement", "en": "Move"},
    "report.points": {"fr": "{n} pt", "en": "{n} pt"},
    "report.section.sources": {"fr": "Sources et méthode", "en": "Sources and method"},
    "report.sources": {
        "fr": "Déclarations mensuelles des employeurs (recrutement), inscriptions, évaluations et insertions du campus, "
              "rassemblées dans l'entrepôt de l'observatoire ; les définitions sont celles de docs/warehouse.md et la "
              "prévision statistique celle de docs/forecast.md. Les chiffres sont ceux des écrans, pour les mêmes "
              "filtres et le même rôle.",
        "en": "Employers' monthly returns (hiring), the campus's enrolments, assessments and placements, gathered in "
              "the observatory's warehouse; definitions are those of docs/warehouse.md and the statistical forecast "
              "that of docs/forecast.md. The figures are the screens', for the same filters and the same role."},
    # --- /gaps ---
    "gaps.title": {"fr": "Tensions : postes ouverts et diplômés prêts à l'emploi",
                   "en": "Talent gaps: openings against job-ready graduates"},
    "gaps.intro": {"fr": "La demande compte les postes ouverts par les employeurs ; l'offre, les diplômés du campus "
                         "prêts à l'emploi (toutes les compétences requises au niveau). Un écart positif est une "
                         "pénurie. La voie de formation ne s'applique pas à cette page.",
                   "en": "Demand counts the positions employers opened; supply, the campus graduates who are "
                         "job-ready (every required skill at level). A positive gap is a shortage. The training "
                         "pathway does not apply to this page."},
    "gaps.by_trade.title": {"fr": "Postes ouverts et diplômés prêts à l'emploi par métier",
                            "en": "Openings and job-ready graduates by trade"},
    "gaps.by_region.title": {"fr": "Postes ouverts et diplômés prêts à l'emploi par région",
                             "en": "Openings and job-ready graduates by region"},
    "gaps.heatmap.title": {"fr": "Écart entre postes ouverts et diplômés prêts à l'emploi, par métier et région",
                           "en": "Gap between openings and job-ready graduates, by trade and region"},
    "gaps.tiles.title.gap": {"fr": "Écart par région (carte en tuiles)", "en": "Gap by region (tile map)"},
    "gaps.tiles.title.coverage": {"fr": "Couverture de la demande par région (carte en tuiles)",
                                  "en": "Coverage of demand by region (tile map)"},
    "gaps.tiles.measure": {"fr": "Colorer les régions par", "en": "Colour the regions by"},
    "gaps.tiles.option.gap": {"fr": "Écart (postes − diplômés prêts)", "en": "Gap (openings − job-ready)"},
    "gaps.tiles.option.coverage": {"fr": "Couverture (diplômés prêts / postes)",
                                   "en": "Coverage (job-ready / openings)"},
    "gaps.tiles.note": {"fr": "Chaque région a la même taille ; en gris, les régions sans donnée pour ces filtres.",
                        "en": "Every region has the same size; in grey, regions without data for these filters."},
    "gaps.colorbar.gap": {"fr": "Écart", "en": "Gap"},
    "gaps.colorbar.coverage": {"fr": "Couverture", "en": "Coverage"},
    "gaps.trend.title": {"fr": "Postes ouverts, diplômés et diplômés prêts à l'emploi par trimestre",
                         "en": "Openings, graduates and job-ready graduates by quarter"},
    "gaps.table.title": {"fr": "Détail par métier et région", "en": "Detail by trade and region"},
    "gaps.trend.partial": {"fr": "trimestre incomplet", "en": "incomplete quarter"},
    "gaps.kpi.of_graduates": {"fr": "sur {graduates} diplômés", "en": "out of {graduates} graduates"},
    "unit.openings_people": {"fr": "postes ouverts ou personnes", "en": "openings or people"},
    "unit.openings_people_per_quarter": {"fr": "postes ouverts ou personnes par trimestre",
                                         "en": "openings or people per quarter"},
    "unit.gap": {"fr": "postes ouverts − diplômés prêts à l'emploi", "en": "openings − job-ready graduates"},
    "unit.coverage": {"fr": "diplômés prêts à l'emploi / postes ouverts, en %",
                      "en": "job-ready graduates / openings, in %"},
    # --- /training ---
    "training.title": {"fr": "Formation : de l'inscription à l'emploi", "en": "Training: from enrolment to employment"},
    "training.intro": {"fr": "La période retient les cohortes, c'est-à-dire l'année d'entrée en formation ; la voie "
                             "est celle de chaque inscription. Les effectifs comptent des inscriptions.",
                       "en": "The period selects cohorts, the year training started; the pathway is each "
                             "enrolment's own. Counts are of enrolments."},
    "training.kpi.enrolled": {"fr": "Inscriptions", "en": "Enrolments"},
    "training.kpi.enrolled_detail": {"fr": "dont {in_progress} en cours", "en": "{in_progress} still in training"},
    "training.kpi.completion_detail": {"fr": "{completed} terminées, {withdrawn} abandons",
                                       "en": "{completed} completed, {withdrawn} withdrawn"},
    "training.kpi.certification_detail": {"fr": "{certified} certifiés sur {completed} formations terminées",
                                          "en": "{certified} certified out of {completed} completed"},
    "training.kpi.placement_detail": {"fr": "{placed} en emploi sur {eligible} sorties depuis plus de 6 mois",
                                      "en": "{placed} placed out of {eligible} who finished over 6 months ago"},
    "training.unit.enrolments": {"fr": "inscriptions", "en": "enrolments"},
    "training.unit.rates": {"fr": "en % des inscriptions concernées", "en": "% of the enrolments concerned"},
    "training.funnel.title": {"fr": "De l'inscription à l'emploi à 6 mois", "en": "From enrolment to a job within 6 months"},
    "training.funnel.note": {"fr": "En emploi à 6 mois : recrutés au plus tard 6 mois après la fin de la formation, "
                                   "parmi les {eligible} inscriptions terminées depuis au moins 6 mois.",
                             "en": "Placed within 6 months: hired at most 6 months after finishing, among the "
                                   "{eligible} enrolments completed at least 6 months ago."},
    "training.programmes.title": {"fr": "Indicateurs par formation", "en": "Indicators by programme"},
    "training.cohorts.title": {"fr": "Taux d'achèvement, de certification et d'insertion par cohorte",
                               "en": "Completion, certification and placement rates by cohort"},
    "training.cohorts.note": {"fr": "Les cohortes récentes n'ont pas encore six mois de recul : leur taux "
                                    "d'insertion manque ou porte sur peu de personnes.",
                              "en": "Recent cohorts have not yet had six months since finishing: their placement "
                                    "rate is missing or rests on few people."},
    "training.pathways.title": {"fr": "Voies de formation comparées", "en": "Pathways compared"},
    "training.modalities.title": {"fr": "Modalités pédagogiques comparées", "en": "Teaching modalities compared"},
    "training.hover.enrolled": {"fr": "{n} inscriptions", "en": "{n} enrolments"},
    "training.hover.base": {"fr": "sur {n}", "en": "out of {n}"},
    "hover.value": {"fr": "{name}\u00a0: {value}", "en": "{name}: {value}"},
    "training.col.modality": {"fr": "Modalité", "en": "Modality"},
    "training.col.eligible_6m": {"fr": "Terminées depuis 6 mois", "en": "Completed 6+ months ago"},
    "training.modality.in_person": {"fr": "Présentiel", "en": "In person"},
    "training.modality.blended": {"fr": "Hybride", "en": "Blended"},
    "training.modality.digital": {"fr": "À distance (numérique)", "en": "Digital"},
    "training.modality.immersive": {"fr": "Immersif (RV, jumeau numérique)", "en": "Immersive (VR, digital twin)"},
    # --- /hiring ---
    "hiring.title": {"fr": "Recrutement : postes ouverts, embauches et emplois créés",
                     "en": "Hiring: openings, hires and jobs created"},
    "hiring.intro": {"fr": "Déclarations mensuelles des employeurs. Les postes vacants sont un stock compté en fin de "
                           "mois : sur une période, on lit le dernier mois, on ne les additionne pas.",
                     "en": "Employers' monthly returns. Open vacancies are a stock counted at each month's end: over "
                           "a period the latest month is read, never a sum over months."},
    "hiring.kpi.period": {"fr": "sur la période", "en": "over the period"},
    "hiring.kpi.campus_detail": {"fr": "{n} embauches issues du campus", "en": "{n} hires from the campus"},
    "hiring.kpi.vacancies_detail": {"fr": "fin {month}", "en": "end of {month}"},
    "hiring.unit.per_month": {"fr": "postes ou personnes par mois", "en": "positions or people per month"},
    "hiring.unit.share": {"fr": "en % des embauches du mois", "en": "% of the month's hires"},
    "hiring.unit.positions": {"fr": "postes", "en": "positions"},
    "hiring.flows.title": {"fr": "Postes ouverts, embauches et emplois créés par mois",
                           "en": "Openings, hires and jobs created per month"},
    "hiring.campus.title": {"fr": "Part des embauches issues du campus, par mois",
                            "en": "Share of hires from the campus, per month"},
    "hiring.vacancies.title": {"fr": "Postes vacants en fin de mois", "en": "Open vacancies at month end"},
    "hiring.pairs.title": {"fr": "Par métier et région sur la période", "en": "By trade and region over the period"},
    "hiring.employers.title": {"fr": "Détail par employeur (employeur × métier × région, sur la période)",
                               "en": "Employer detail (employer × trade × region, over the period)"},
    "hiring.employers.capped": {"fr": "Les {shown} premières lignes sur {total}, par postes ouverts décroissants ; "
                                      "le téléchargement contient toutes les lignes.",
                                "en": "The first {shown} rows of {total}, most openings first; the download holds "
                                      "every row."},
    "hiring.employers.all": {"fr": "{total} lignes, par postes ouverts décroissants.",
                             "en": "{total} rows, most openings first."},
    "hiring.employers.own": {"fr": "Les lignes de votre employeur ({employer}) seulement.",
                             "en": "Your employer's rows only ({employer})."},
    "hiring.employers.forbidden": {
        "fr": "Le détail par employeur n'est montré qu'aux équipes RH (pour leur propre employeur) et aux analystes ; "
              "les chiffres ci-dessus agrègent tous les employeurs.",
        "en": "Employer detail is shown only to HR teams (for their own employer) and to analysts; the figures "
              "above add up every employer."},
    "hiring.col.employer": {"fr": "Employeur", "en": "Employer"},
    "hiring.col.open_vacancies_latest": {"fr": "Postes vacants (dernier mois)", "en": "Open vacancies (latest month)"},
    "hiring.col.latest_month": {"fr": "Dernier mois déclaré", "en": "Latest month reported"},
    "hiring.col.months_reported": {"fr": "Mois déclarés", "en": "Months reported"},
    # --- /quality ---
    "quality.title": {"fr": "Qualité des données", "en": "Data quality"},
    "quality.as_of": {"fr": "Les indicateurs vont jusqu'au {as_of}, date la plus récente des données chargées ; "
                            "entrepôt construit le {built_at}.",
                      "en": "Figures run to {as_of}, the latest date in the loaded data; warehouse built on "
                            "{built_at}."},
    "quality.freshness.title": {"fr": "Fraîcheur de chaque source", "en": "Freshness of each source"},
    "quality.fresh.sentence": {"fr": "{source} : données {until}, chargées {ago}.",
                               "en": "{source}: data {until}, loaded {ago}."},
    "quality.fresh.empty": {"fr": "{source} : aucune ligne valide ; dernier fichier chargé {ago}.",
                            "en": "{source}: no valid row; last file loaded {ago}."},
    "quality.fresh.never": {"fr": "{source} : aucun fichier chargé.", "en": "{source}: no file loaded."},
    "quality.fresh.failed": {"fr": "{n} fichier(s) refusé(s) en entier.", "en": "{n} file(s) refused as a whole."},
    "quality.until.date": {"fr": "jusqu'au {value}", "en": "up to {value}"},
    "quality.until.month": {"fr": "jusqu'à {value}", "en": "up to {value}"},
    "quality.until.year": {"fr": "jusqu'en {value}", "en": "up to {value}"},
    "quality.ago.today": {"fr": "aujourd'hui", "en": "today"},
    "quality.ago.yesterday": {"fr": "hier", "en": "yesterday"},
    "quality.ago.days": {"fr": "il y a {n} jours", "en": "{n} days ago"},
    "quality.load_log.title": {"fr": "Journal des chargements (un fichier par ligne)",
                               "en": "Load log (one file a row)"},
    "quality.reasons.title": {"fr": "Valeurs rejetées par motif", "en": "Rejected values by reason"},
    "quality.reasons.hint": {"fr": "Cliquez sur une barre pour ne garder que ses lignes dans le tableau ci-dessous.",
                             "en": "Click a bar to keep only its rows in the table below."},
    "quality.unit.rejected": {"fr": "valeurs rejetées", "en": "rejected values"},
    "quality.rejected.title": {"fr": "Lignes rejetées : fichier, ligne, colonne, valeur et motif",
                               "en": "Rejected rows: file, line, column, value and reason"},
    "quality.rejected.hint": {"fr": "Corrigez la valeur dans le fichier source puis rechargez-le : la ligne corrigée "
                                    "est alors chargée. La ligne 1 est l'en-tête.",
                              "en": "Fix the value in the source file and load it again: the corrected row is then "
                                    "loaded. Line 1 is the header."},
    "quality.rejected.capped": {"fr": "Les {shown} premières sur {total} sont affichées, chargements récents "
                                      "d'abord.",
                                "en": "The first {shown} of {total} are shown, latest loads first."},
    "quality.rejected.download": {"fr": "Le téléchargement (CSV ou XLSX) contient les {total} valeurs rejetées, "
                                        "chacune avec son fichier, sa ligne, sa colonne, la valeur refusée et le "
                                        "motif en français.",
                                  "en": "The download (CSV or XLSX) holds all {total} rejected values, each with "
                                        "its file, line, column, the value refused and the reason in English."},
    "quality.none_rejected": {"fr": "Aucune ligne rejetée.", "en": "No rejected row."},
    "quality.none_loaded": {"fr": "Aucun fichier chargé pour l'instant : `workforce ingest DOSSIER` les charge.",
                            "en": "No file loaded yet: `workforce ingest FOLDER` loads them."},
    "quality.source.enrolments": {"fr": "Inscriptions", "en": "Enrolments"},
    "quality.source.assessments": {"fr": "Évaluations", "en": "Assessments"},
    "quality.source.hiring": {"fr": "Recrutements", "en": "Hiring"},
    "quality.source.placements": {"fr": "Insertions professionnelles", "en": "Placements"},
    "quality.source.bmo": {"fr": "BMO (France Travail)", "en": "BMO (France Travail)"},
    "quality.source.unknown": {"fr": "Source non reconnue", "en": "Source not recognised"},
    "quality.status.loaded": {"fr": "chargé", "en": "loaded"},
    "quality.status.skipped": {"fr": "ignoré (déjà chargé)", "en": "skipped (already loaded)"},
    "quality.status.failed": {"fr": "refusé", "en": "failed"},
    "quality.col.load_id": {"fr": "Chargement", "en": "Load"},
    "quality.col.started_at": {"fr": "Début", "en": "Started"},
    "quality.col.finished_at": {"fr": "Fin", "en": "Finished"},
    "quality.col.source": {"fr": "Source", "en": "Source"},
    "quality.col.file_name": {"fr": "Fichier", "en": "File"},
    "quality.col.sheet": {"fr": "Feuille", "en": "Sheet"},
    "quality.col.file_path": {"fr": "Chemin complet", "en": "Full path"},
    "quality.col.loaded_at": {"fr": "Chargé le", "en": "Loaded"},
    "quality.col.status": {"fr": "Statut", "en": "Status"},
    "quality.col.rows_read": {"fr": "Lignes lues", "en": "Rows read"},
    "quality.col.rows_inserted": {"fr": "Insérées", "en": "Inserted"},
    "quality.col.rows_updated": {"fr": "Mises à jour", "en": "Updated"},
    "quality.col.rows_unchanged": {"fr": "Inchangées", "en": "Unchanged"},
    "quality.col.rows_rejected": {"fr": "Rejetées", "en": "Rejected"},
    "quality.col.message": {"fr": "Message", "en": "Message"},
    "quality.col.line": {"fr": "Ligne", "en": "Line"},
    "quality.col.column_name": {"fr": "Colonne", "en": "Column"},
    "quality.col.value": {"fr": "Valeur", "en": "Value"},
    "quality.col.reason": {"fr": "Motif", "en": "Reason"},
    # --- /skills ---
    "skills.title": {"fr": "Compétences : niveau requis et niveau atteint",
                     "en": "Skills: required against reached level"},
    "skills.intro": {"fr": "Pour chaque compétence qu'un métier requiert : le niveau atteint par les apprenants de "
                           "ses formations, les compétences qui empêchent les diplômés d'être prêts à l'emploi, et les "
                           "résultats selon la méthode d'évaluation. La période s'applique par année civile ; un "
                           "apprenant évalué plusieurs années compte une fois par année. La voie ne s'applique pas.",
                     "en": "For each skill a trade requires: the level its programmes' learners reach, the skills "
                           "that keep graduates from being job-ready, and results by assessment method. The period "
                           "applies by calendar year; a learner assessed in several years counts once a year. The "
                           "pathway does not apply."},
    "skills.focus.one": {"fr": "Métier affiché : {trade}.", "en": "Trade shown: {trade}."},
    "skills.focus.none": {"fr": "Aucun métier choisi : voici le premier de la liste, {trade}. "
                                "Choisissez un métier dans la barre de filtres.",
                          "en": "No trade selected: here is the first one in the list, {trade}. "
                                "Pick a trade in the filter bar."},
    "skills.focus.several": {"fr": "Plusieurs métiers choisis : voici le premier, {trade}. "
                                   "Choisissez un seul métier pour en voir un autre.",
                             "en": "Several trades selected: here is the first one, {trade}. "
                                   "Select a single trade to see another."},
    "skills.overview.title": {"fr": "Part des apprenants au niveau requis, par métier et compétence",
                              "en": "Share of learners at the required level, by trade and skill"},
    "skills.levels.title": {"fr": "Niveau requis et niveau atteint par compétence",
                            "en": "Required and reached level by skill"},
    "skills.blocking.title": {"fr": "Compétences qui empêchent d'être prêt à l'emploi",
                              "en": "Skills that keep graduates from being job-ready"},
    "skills.breakdown.title.region": {"fr": "Diplômés non prêts en défaut sur chaque compétence, par région",
                                      "en": "Not-job-ready graduates short on each skill, by region"},
    "skills.breakdown.title.year": {"fr": "Diplômés non prêts en défaut sur chaque compétence, par année",
                                    "en": "Not-job-ready graduates short on each skill, by year"},
    "skills.breakdown.by": {"fr": "Répartir par", "en": "Break down by"},
    "skills.breakdown.option.region": {"fr": "Région", "en": "Region"},
    "skills.breakdown.option.year": {"fr": "Année de fin de formation", "en": "Year of graduation"},
    "skills.methods.title": {"fr": "Évaluations au niveau requis selon la méthode d'évaluation",
                             "en": "Assessments at the required level by assessment method"},
    "skills.methods.note": {"fr": "Toutes les évaluations comptent, pas seulement la dernière ; le filtre de région "
                                  "ne s'applique pas à ce bloc.",
                            "en": "Every assessment counts, not only the latest; the region filter does not apply "
                                  "to this block."},
    "skills.required_level": {"fr": "Niveau requis", "en": "Required level"},
    "skills.mean_level": {"fr": "Niveau moyen atteint", "en": "Mean level reached"},
    "skills.mean_score": {"fr": "Score moyen (sur 100)", "en": "Mean score (out of 100)"},
    "skills.assessed_learners": {"fr": "Apprenants évalués", "en": "Learners assessed"},
    "skills.proficient_learners": {"fr": "Apprenants au niveau requis", "en": "Learners at the required level"},
    "skills.proficient_share": {"fr": "Part au niveau requis", "en": "Share at the required level"},
    "skills.proficient_share_assessments": {"fr": "Part des évaluations au niveau requis",
                                            "en": "Share of assessments at the required level"},
    "skills.assessments": {"fr": "Évaluations", "en": "Assessments"},
    "skills.blocked": {"fr": "Diplômés non prêts en défaut sur cette compétence",
                       "en": "Not-job-ready graduates short on this skill"},
    "skills.blocked_below_level": {"fr": "Sous le niveau requis", "en": "Below the required level"},
    "skills.blocked_never_assessed": {"fr": "Jamais évalués", "en": "Never assessed"},
    "skills.sole_blocker": {"fr": "Seule compétence manquante", "en": "Only skill missing"},
    "skills.not_job_ready": {"fr": "Diplômés non prêts à l'emploi", "en": "Not-job-ready graduates"},
    "skills.blocked_share": {"fr": "Part des diplômés non prêts", "en": "Share of not-job-ready graduates"},
    "skills.colorbar.proficient": {"fr": "Au niveau", "en": "At level"},
    "skills.colorbar.blocked": {"fr": "En défaut", "en": "Short"},
    "skills.unit.proficient_share": {"fr": "part des apprenants évalués au niveau requis, en %",
                                     "en": "share of assessed learners at the required level, in %"},
    "skills.unit.levels": {"fr": "niveaux de 1 à 4 ; part des apprenants évalués, en %",
                           "en": "levels 1 to 4; share of assessed learners, in %"},
    "skills.unit.enrolments": {"fr": "diplômés non prêts à l'emploi (formations terminées)",
                               "en": "not-job-ready graduates (completed enrolments)"},
    "skills.unit.blocked_share": {"fr": "part des diplômés non prêts à l'emploi, en %",
                                  "en": "share of not-job-ready graduates, in %"},
    "skills.unit.assessments_share": {"fr": "part des évaluations au niveau requis, en %",
                                      "en": "share of assessments at the required level, in %"},
    "skills.axis.level": {"fr": "Niveau", "en": "Level"},
    "skills.level.1": {"fr": "1 notions", "en": "1 basic"},
    "skills.level.2": {"fr": "2 application", "en": "2 applied"},
    "skills.level.3": {"fr": "3 maîtrise", "en": "3 proficient"},
    "skills.level.4": {"fr": "4 expertise", "en": "4 expert"},
    "method.practical": {"fr": "Mise en situation", "en": "Practical"},
    "method.written": {"fr": "Écrit", "en": "Written"},
    "method.vr": {"fr": "Réalité virtuelle", "en": "Virtual reality"},
    "method.ar": {"fr": "Réalité augmentée", "en": "Augmented reality"},
    "method.digital_twin": {"fr": "Jumeau numérique", "en": "Digital twin"},
    "method.serious_game": {"fr": "Jeu sérieux", "en": "Serious game"},
    "method.unknown": {"fr": "Non renseignée", "en": "Not given"},
    # --- /scenarios (dashboard/pages/scenarios.py, dashboard/planner.py) ---
    "nav.scenarios": {"fr": "Scénarios", "en": "Scenarios"},
    "scenarios.title": {"fr": "Scénarios : des places de formation en plus, jusqu'en 2030",
                        "en": "Scenarios: extra training places, to 2030"},
    "scenarios.intro": {
        "fr": "Ouvrez des places dans les métiers et régions choisis dans la barre de filtres, et voyez quand l'écart "
              "entre postes ouverts et diplômés prêts à l'emploi se refermerait. Les taux sont ceux observés dans "
              "l'entrepôt pour cette sélection (la période choisit les cohortes) ; modifiez-les à volonté. Jusqu'à "
              "trois scénarios côte à côte ; l'adresse de la page les contient : partagez-la.",
        "en": "Open places in the trades and regions chosen in the filter bar, and see when the gap between openings "
              "and job-ready graduates would close. The rates are those the warehouse observed for this selection "
              "(the period picks the cohorts); change them as you wish. Up to three scenarios side by side; the "
              "page's address holds them: share it."},
    "scenarios.no_horizon": {"fr": "Aucun trimestre ne reste à projeter avant la fin de l'objectif.",
                             "en": "No quarter is left to project before the goal's end."},
    "scenarios.letter": {"fr": "Scénario {letter}", "en": "Scenario {letter}"},
    "scenarios.add": {"fr": "+ Ajouter un scénario", "en": "+ Add a scenario"},
    "scenarios.remove": {"fr": "Retirer", "en": "Remove"},
    "scenarios.remove_title": {"fr": "Retirer ce scénario", "en": "Remove this scenario"},
    "scenarios.mode.places": {"fr": "Places en plus par an", "en": "Extra places a year"},
    "scenarios.mode.target": {"fr": "Couverture visée", "en": "Target coverage"},
    "scenarios.field.extra": {"fr": "Inscriptions supplémentaires par an", "en": "Extra enrolments a year"},
    "scenarios.field.target_coverage": {"fr": "Couverture visée (%)", "en": "Target coverage (%)"},
    "scenarios.field.target_year": {"fr": "en", "en": "in"},
    "scenarios.field.start": {"fr": "À partir du trimestre", "en": "From quarter"},
    "scenarios.field.pathway": {"fr": "Voie", "en": "Pathway"},
    "scenarios.rates": {"fr": "Taux utilisés (modifiables)", "en": "Rates used (editable)"},
    "scenarios.field.completion": {"fr": "Taux d'achèvement (%)", "en": "Completion rate (%)"},
    "scenarios.field.job_readiness": {"fr": "Taux de diplômés prêts à l'emploi (%)", "en": "Job-ready rate (%)"},
    "scenarios.field.placement": {"fr": "Taux d'insertion à 6 mois (%)", "en": "Placement rate within 6 months (%)"},
    "scenarios.field.duration_months": {"fr": "Durée de formation (mois)", "en": "Programme duration (months)"},
    "scenarios.field.baseline_supply": {"fr": "Diplômés prêts à l'emploi par trimestre, sans le scénario",
                                        "en": "Job-ready graduates a quarter, without the scenario"},
    "scenarios.default_extra": {"fr": "exemple : {n} par an ; saisissez le nombre de places à étudier",
                                "en": "an example: {n} a year; type the number of places to study"},
    "scenarios.default_target": {"fr": "par défaut {coverage} en {year}", "en": "by default {coverage} in {year}"},
    "scenarios.observed.completion": {"fr": "observé : {value}, sur {people} inscriptions terminées ou abandonnées",
                                      "en": "observed: {value}, on {people} enrolments completed or withdrawn"},
    "scenarios.observed.job_readiness": {"fr": "observé : {value}, sur {people} diplômés",
                                         "en": "observed: {value}, on {people} graduates"},
    "scenarios.observed.placement": {"fr": "observé : {value}, sur {people} diplômés depuis 6 mois",
                                     "en": "observed: {value}, on {people} graduates of 6 months or more"},
    "scenarios.observed.duration_months": {"fr": "observé : {value} mois (médiane de {people} diplômés)",
                                           "en": "observed: {value} months (median of {people} graduates)"},
    "scenarios.observed.baseline_supply": {"fr": "observé : {value} par trimestre ({people} sur les 4 derniers "
                                                 "trimestres connus)",
                                           "en": "observed: {value} a quarter ({people} over the last 4 known "
                                                 "quarters)"},
    "scenarios.entered": {"fr": "saisi à la main ; videz le champ pour revenir à la valeur observée",
                          "en": "typed by hand; empty the field to go back to the observed value"},
    "scenarios.withheld": {"fr": "ne peut pas être affiché : repose sur moins de {n} personnes (secret statistique). "
                                 "Saisissez une valeur pour projeter ce scénario.",
                           "en": "cannot be shown: it rests on fewer than {n} people (statistical confidentiality). "
                                 "Type a value to project this scenario."},
    "scenarios.unobserved": {"fr": "personne à observer pour cette sélection : saisissez une valeur.",
                             "en": "no one to observe it on in this selection: type a value."},
    "scenarios.result.missing": {"fr": "Saisissez les valeurs manquantes ci-dessus pour projeter ce scénario.",
                                 "en": "Type the missing values above to project this scenario."},
    "scenarios.result.without": {"fr": "Sans le scénario : {closing}", "en": "Without the scenario: {closing}"},
    "scenarios.result.totals": {
        "fr": "D'ici le {last} : {completions} diplômés en plus, dont {job_ready} prêts à l'emploi et {placed} en "
              "emploi à 6 mois.",
        "en": "By {last}: {completions} extra graduates, {job_ready} of them job-ready and {placed} placed within "
              "6 months."},
    "scenarios.result.coverage": {"fr": "Couverture au {last} : {without} sans, {with_scenario} avec le scénario.",
                                  "en": "Coverage in {last}: {without} without, {with_scenario} with the scenario."},
    "scenarios.chart.coverage": {"fr": "Couverture de la demande par trimestre, avec et sans les scénarios",
                                 "en": "Coverage of demand by quarter, with and without the scenarios"},
    "scenarios.chart.observed": {"fr": "Observé", "en": "Observed"},
    "scenarios.chart.baseline": {"fr": "Sans scénario", "en": "Without a scenario"},
    "scenarios.chart.baseline_of": {"fr": "Sans scénario (offre saisie en {letter})",
                                    "en": "Without a scenario (supply typed in {letter})"},
    "scenarios.chart.extra": {"fr": "Diplômés prêts à l'emploi supplémentaires par trimestre",
                              "en": "Extra job-ready graduates per quarter"},
    "scenarios.unit.extra": {"fr": "diplômés prêts à l'emploi en plus", "en": "extra job-ready graduates"},
    "scenarios.table.title": {"fr": "Projection trimestre par trimestre", "en": "Projection quarter by quarter"},
    "scenarios.assumptions.title": {"fr": "Hypothèses de chaque scénario", "en": "Each scenario's assumptions"},
    "scenarios.col.scenario": {"fr": "Scénario", "en": "Scenario"},
    "scenarios.col.extra_enrolments_starting": {"fr": "Entrées en plus", "en": "Extra starts"},
    "scenarios.col.extra_completions": {"fr": "Diplômés en plus", "en": "Extra graduates"},
    "scenarios.col.extra_job_ready_graduates": {"fr": "Prêts à l'emploi en plus", "en": "Extra job-ready"},
    "scenarios.col.extra_placed_6m": {"fr": "En emploi à 6 mois en plus", "en": "Extra placed within 6 months"},
    "scenarios.col.openings": {"fr": "Postes ouverts", "en": "Openings"},
    "scenarios.col.supply_baseline": {"fr": "Prêts à l'emploi, sans", "en": "Job-ready, without"},
    "scenarios.col.supply_with_scenario": {"fr": "Prêts à l'emploi, avec", "en": "Job-ready, with"},
    "scenarios.col.coverage_baseline": {"fr": "Couverture sans", "en": "Coverage without"},
    "scenarios.col.coverage_with_scenario": {"fr": "Couverture avec", "en": "Coverage with"},
    "scenarios.problems": {"fr": "Certaines valeurs du lien n'ont pas pu être utilisées :",
                           "en": "Some values of the link could not be used:"},
    "scenarios.problem": {"fr": "{where}« {name}:{value} » : {reason} ; la valeur par défaut est utilisée.",
                          "en": "{where}\"{name}:{value}\": {reason}; the default is used."},
    "scenarios.problem_ignored": {"fr": "« {name}:{value} » : {reason}.", "en": "\"{name}:{value}\": {reason}."},
    "scenarios.problem.where": {"fr": "scénario {letter}, ", "en": "scenario {letter}, "},
    "scenarios.problem.number": {"fr": "ce n'est pas un nombre", "en": "not a number"},
    "scenarios.problem.range": {"fr": "hors des bornes admises", "en": "outside the accepted range"},
    "scenarios.problem.quarter": {"fr": "ce n'est pas un trimestre (AAAAQn, par exemple 2027Q1)",
                                  "en": "not a quarter (YYYYQn, for instance 2027Q1)"},
    "scenarios.problem.year": {"fr": "ce n'est pas une année", "en": "not a year"},
    "scenarios.problem.pathway": {"fr": "voie inconnue (initial, continuing ou apprenticeship)",
                                  "en": "unknown pathway (initial, continuing or apprenticeship)"},
    "scenarios.problem.key": {"fr": "clé inconnue (e, cov, y, q, p, rc, rj, rp, rd, rs)",
                              "en": "unknown key (e, cov, y, q, p, rc, rj, rp, rd, rs)"},
    "scenarios.problem.slot": {"fr": "trois scénarios au plus, de s1 à s3 : celui-ci est laissé de côté",
                               "en": "three scenarios at most, s1 to s3: this one is left out"},
    "scenarios.problem.start": {"fr": "le départ doit tomber entre le premier trimestre sans données et la fin de "
                                      "l'objectif",
                                "en": "the start must fall between the first quarter without data and the goal's end"},
    "scenarios.problem.target_year": {"fr": "l'année visée doit tomber dans la projection",
                                      "en": "the target year must fall within the projection"},
    "scenarios.field_problem": {"fr": "« {value} » : {reason} ; la valeur par défaut est utilisée.",
                                "en": "\"{value}\": {reason}; the default is used."},
    "scenarios.how": {
        "fr": "Comment lire : chaque place ouverte entre en formation au trimestre choisi ; une part l'achève "
              "(taux d'achèvement) après la durée de formation, une part des diplômés est prête à l'emploi et "
              "rejoint l'offre du trimestre où la formation s'achève. Sans le scénario, postes ouverts et diplômés "
              "prêts à l'emploi restent à la moyenne des quatre derniers trimestres connus. Le détail de chaque "
              "scénario est listé plus bas.",
        "en": "How to read it: each place opened starts training in the quarter chosen; a share completes it "
              "(completion rate) after the programme's duration, a share of the graduates is job-ready and joins "
              "the supply of the quarter the programme ends. Without the scenario, openings and job-ready graduates "
              "stay at the mean of the last four known quarters. Each scenario's details are listed below."},
    # --- /trade ---
    "trade.title": {"fr": "Fiche métier : {trade}", "en": "Trade profile: {trade}"},
    "trade.subtitle": {"fr": "Famille : {family} · code ROME {rome}", "en": "Family: {family} · ROME code {rome}"},
    "trade.intro": {"fr": "Tout ce que les équipes RH demandent sur un métier, sur une page à imprimer : la demande "
                          "et les diplômés prêts à l'emploi par région, les compétences requises face au niveau "
                          "atteint, les formations qui y préparent et le recrutement. Chaque bloc se télécharge.",
                    "en": "What HR teams ask about a trade, on one page to print: demand and job-ready graduates "
                          "by region, the skills it requires against the level reached, the programmes that "
                          "prepare for it and hiring. Each block downloads."},
    "trade.print": {"fr": "Imprimer", "en": "Print"},
    "trade.print_title": {"fr": "Imprimer cette fiche ou l'enregistrer en PDF",
                          "en": "Print this profile or save it as PDF"},
    "trade.section.demand": {"fr": "Demande et diplômés prêts à l'emploi", "en": "Demand and job-ready graduates"},
    "trade.section.skills": {"fr": "Compétences", "en": "Skills"},
    "trade.section.training": {"fr": "Formations", "en": "Programmes"},
    "trade.section.hiring": {"fr": "Recrutement", "en": "Hiring"},
    "trade.programmes.title": {"fr": "Formations qui préparent à ce métier et leur insertion à 6 mois",
                               "en": "Programmes that prepare for this trade and their placement at 6 months"},
    "trade.family.production": {"fr": "production", "en": "production"},
    "trade.family.quality": {"fr": "qualité", "en": "quality"},
    "trade.family.support": {"fr": "support technique", "en": "technical support"},
    "trade.family.digital": {"fr": "numérique", "en": "digital"},
    "trade.family.engineering": {"fr": "ingénierie", "en": "engineering"},
    "trade.family.management": {"fr": "encadrement", "en": "management"},
    # --- /sql ---
    "sql.title": {"fr": "Console SQL", "en": "SQL console"},
    "sql.intro": {"fr": "Interrogez l'entrepôt en SQL (DuckDB), en lecture seule : une requête de lecture à la fois "
                        "(SELECT, WITH, DESCRIBE, SUMMARIZE…). Chaque requête est journalisée, avec son auteur.",
                  "en": "Query the warehouse in SQL (DuckDB), read-only: one read query at a time "
                        "(SELECT, WITH, DESCRIBE, SUMMARIZE…). Every query is logged, with who ran it."},
    "sql.limits": {"fr": "Une requête est arrêtée au bout de {seconds}\u202fs et renvoie au plus {rows} lignes "
                         "et {size}.",
                   "en": "A query is stopped after {seconds} s and returns at most {rows} rows and {size}."},
    "sql.unmasked": {"fr": "Valeurs exactes de l'entrepôt : les effectifs d'apprenants inférieurs à {n} ne sont pas "
                           "masqués ici (accès réservé aux analystes). Masquez-les avant toute diffusion.",
                     "en": "The warehouse's true values: learner counts below {n} are not masked here (analysts' "
                           "access). Mask them before sharing the figures."},
    "sql.schema.title": {"fr": "Schéma", "en": "Schema"},
    "sql.schema.hint": {"fr": "Cliquez sur un nom pour l'insérer dans l'éditeur ; dépliez une table pour voir ses "
                              "colonnes.",
                        "en": "Click a name to insert it in the editor; open a table to see its columns."},
    "sql.role.fact": {"fr": "Faits", "en": "Facts"},
    "sql.role.dimension": {"fr": "Dimensions et référentiels", "en": "Dimensions and reference"},
    "sql.role.mart": {"fr": "Indicateurs (marts)", "en": "Marts"},
    "sql.role.operations": {"fr": "Exploitation", "en": "Operations"},
    "sql.insert.title": {"fr": "Insérer « {name} » dans l'éditeur", "en": "Insert \"{name}\" in the editor"},
    "sql.editor.label": {"fr": "Requête", "en": "Query"},
    "sql.run": {"fr": "Exécuter", "en": "Run"},
    "sql.shortcut": {"fr": "ou Ctrl+Entrée dans l'éditeur", "en": "or Ctrl+Enter in the editor"},
    "sql.results.title": {"fr": "Résultat", "en": "Result"},
    "sql.results.ready": {"fr": "La requête du lien est dans l'éditeur : relisez-la, puis exécutez-la.",
                          "en": "The link's query is in the editor: read it, then run it."},
    "sql.results.empty": {"fr": "Écrivez une requête ou choisissez un exemple, puis exécutez-la.",
                          "en": "Write a query or pick an example, then run it."},
    "sql.summary": {"fr": "{rows} ligne(s) · {columns} colonne(s) · {duration} ms",
                    "en": "{rows} row(s) · {columns} column(s) · {duration} ms"},
    "sql.truncated": {"fr": "{rows} premières lignes affichées — le résultat est tronqué.",
                      "en": "First {rows} rows shown — the result is truncated."},
    "sql.truncated.hint": {"fr": "Agrégez, filtrez ou ajoutez un LIMIT ; un téléchargement contient les mêmes lignes.",
                           "en": "Aggregate, filter or add a LIMIT; a download holds the same rows."},
    "sql.no_rows": {"fr": "Aucune ligne", "en": "No rows"},
    "sql.error.refused": {"fr": "Requête refusée", "en": "Query refused"},
    "sql.error.syntax": {"fr": "Erreur de syntaxe", "en": "Syntax error"},
    "sql.error.timeout": {"fr": "Temps limite dépassé", "en": "Time limit reached"},
    "sql.error.error": {"fr": "La requête a échoué", "en": "The query failed"},
    "sql.error.busy": {"fr": "Console occupée", "en": "The console is busy"},
    "sql.download.csv": {"fr": "CSV", "en": "CSV"},
    "sql.download.xlsx": {"fr": "XLSX", "en": "XLSX"},
    "sql.download.parquet": {"fr": "Parquet", "en": "Parquet"},
    "sql.download.title": {"fr": "Télécharger le résultat (la requête est exécutée à nouveau)",
                           "en": "Download the result (the query runs again)"},
    "sql.link.label": {"fr": "Lien vers cette requête", "en": "Link to this query"},
    "sql.link.copy": {"fr": "Copier le lien", "en": "Copy the link"},
    "sql.examples.title": {"fr": "Exemples : cliquez pour charger et exécuter",
                           "en": "Examples: click to load and run"},
    "sql.example.largest_shortages_by_region.title": {"fr": "Les plus fortes pénuries par région",
                                                      "en": "Largest shortages by region"},
    "sql.example.largest_shortages_by_region.question": {
        "fr": "Où les employeurs ouvrent-ils le plus de postes que les diplômés prêts à l'emploi ne couvrent pas, sur "
              "les quatre derniers trimestres ? `shortage` n'additionne que les métiers en pénurie (un excédent de "
              "techniciens ne compense pas un manque d'ingénieurs) ; `net_gap` fait le solde.",
        "en": "Where do employers open the most positions that job-ready graduates do not cover, over the latest "
              "four quarters? `shortage` adds up the trades that are short only (a surplus of technicians does not "
              "make up for a shortage of engineers); `net_gap` nets them."},
    "sql.example.skills_blocking_job_readiness.title": {"fr": "Les compétences qui empêchent d'être prêt à l'emploi",
                                                        "en": "The skills that block job-readiness"},
    "sql.example.skills_blocking_job_readiness.question": {
        "fr": "Parmi les diplômés de l'an dernier qui n'étaient pas prêts à l'emploi, sur quelles compétences requises "
              "étaient-ils le plus souvent en défaut ? `sole_blocker` compte ceux pour qui cette compétence était la "
              "seule manquante : la former les aurait rendus prêts à l'emploi.",
        "en": "Among last year's graduates who were not job-ready, on which required skills did they fall short most "
              "often? `sole_blocker` counts those for whom that skill was the only one missing: training it would "
              "have made them job-ready."},
    "sql.example.placement_by_programme.title": {"fr": "L'insertion par formation", "en": "Placement by programme"},
    "sql.example.placement_by_programme.question": {
        "fr": "Quelles formations placent leurs diplômés dans un emploi en six mois ? Seules comptent les formations "
              "terminées depuis assez longtemps pour être jugées (`eligible_6m`) ; le taux est recalculé à partir des "
              "effectifs sommés, jamais moyenné entre régions ou cohortes.",
        "en": "Which programmes place their graduates in a job within six months? Only completed enrolments old "
              "enough to be judged count (`eligible_6m`); the rate is recomputed from the summed counts, never "
              "averaged over regions or cohorts."},
    "sql.example.goal_run_rate_by_year.title": {"fr": "Le rythme annuel face à l'objectif",
                                                "en": "Goal run rate by year"},
    "sql.example.goal_run_rate_by_year.question": {
        "fr": "Combien d'emplois par mois le secteur a-t-il créés chaque année, face au rythme qu'exige l'objectif de "
              "10 000 emplois ? L'année en cours compte les mois déjà déclarés.",
        "en": "How many jobs a month did the sector create each year, against the pace the 10,000-jobs goal needs? "
              "The current year counts the months reported so far."},
    # --- provisional periods (docs/metrics.md), on every time chart ---
    "provisional.mark": {"fr": "provisoire", "en": "provisional"},
    # --- /market: France Travail's BMO survey beside employers' openings (and its block on /gaps and /trade) ---
    "nav.market": {"fr": "Marché du travail", "en": "Labour market"},
    "market.title": {"fr": "Marché du travail : les projets de recrutement publics (enquête BMO)",
                     "en": "Labour market: public hiring projects (BMO survey)"},
    "market.intro": {
        "fr": "L'enquête Besoins en Main-d'Œuvre (BMO) de France Travail interroge chaque automne tous les "
              "employeurs, de tous les secteurs et de tous les bassins d'emploi, sur les recrutements qu'ils "
              "prévoient l'année suivante. Elle compte des projets de recrutement, pas des emplois ni des "
              "embauches, et les employeurs disent lesquels ils jugent difficiles. Ici, les métiers BMO qui "
              "alimentent les métiers de la bioproduction, à côté des postes ouverts que les employeurs du secteur "
              "ont déclarés la même année : un taux de difficulté élevé partout dit que la pénurie est celle du "
              "pays, pas seulement celle du secteur.",
        "en": "France Travail's Besoins en Main-d'Œuvre (BMO) survey asks every employer, of every sector and "
              "employment area, each autumn which hires it plans for the next year. It counts hiring projects, "
              "not jobs nor hires, and employers say which ones they expect to be difficult. Here, the BMO "
              "métiers that feed the bioproduction trades, beside the openings the sector's employers reported "
              "the same year: a high difficulty rate everywhere says the shortage is the country's, not only the "
              "sector's."},
    "market.year": {"fr": "Année affichée : enquête BMO {year}, soit les projets de recrutement pour {year}, face "
                          "aux postes ouverts déclarés par les employeurs du secteur en {year}.",
                    "en": "Year shown: BMO survey {year}, the hiring projects for {year}, against the openings the "
                          "sector's employers reported in {year}."},
    "market.year_provisional": {"fr": "Les déclarations de {year} ne sont pas complètes : ses postes ouverts sont "
                                      "provisoires.",
                                "en": "The {year} returns are not complete: its openings are provisional."},
    "market.year_others": {"fr": "Autres enquêtes chargées : {years}. Choisissez la période dans la barre de "
                                 "filtres pour afficher l'une d'elles.",
                           "en": "Other surveys loaded: {years}. Pick the period in the filter bar to show one."},
    "market.none": {"fr": "Aucune enquête BMO pour ces filtres. Téléchargez la « base open data » de l'enquête BMO "
                          "sur le site de France Travail, puis chargez-la avec `workforce ingest FICHIER` "
                          "(docs/bmo.md).",
                    "en": "No BMO survey for these filters. Download the BMO survey's open-data file from France "
                          "Travail's site, then load it with `workforce ingest FILE` (docs/bmo.md)."},
    "market.note": {"fr": "« masqué » : France Travail publie « * » à la place des effectifs trop petits ; ces "
                          "cases ne comptent pas dans les sommes, et le taux de difficulté ne porte que sur les cases "
                          "dont les projets et les projets difficiles sont publiés. Chaque métier BMO compte selon sa "
                          "part dans le métier qu'il alimente (docs/bmo.md). Une ligne « Famille » compare des métiers "
                          "BMO qu'aucun chiffre public ne répartit entre métiers avec les postes ouverts de tous les "
                          "métiers de la famille ; elle n'apparaît pas quand des métiers sont choisis dans les filtres.",
                    "en": "\"masked\": France Travail publishes \"*\" instead of counts too small to show; those "
                          "cells add nothing to the sums, and the difficulty rate covers the cells whose projects and "
                          "difficult projects are both published. Each BMO métier counts by its share of the trade it "
                          "feeds (docs/bmo.md). A \"family\" row compares BMO métiers no public figure splits between "
                          "trades with the openings of all the family's trades; it is left out when trades are "
                          "selected in the filters."},
    "market.family_target": {"fr": "Famille {family} (tous ses métiers)", "en": "Family: {family} (all its trades)"},
    "market.masked": {"fr": "masqué", "en": "masked"},
    "market.difficult_short": {"fr": "difficiles", "en": "difficult"},
    "market.kpi.projects_detail": {"fr": "{masked} cases masquées sur {cells}", "en": "{masked} masked cells of {cells}"},
    "market.kpi.difficulty_detail": {"fr": "{difficult} projets jugés difficiles", "en": "{difficult} judged difficult"},
    "market.kpi.seasonal_detail": {"fr": "projets de recrutement saisonniers", "en": "seasonal hiring projects"},
    "market.kpi.openings_detail": {"fr": "déclarés par les employeurs du secteur en {year}",
                                   "en": "reported by the sector's employers in {year}"},
    "market.kpi.openings_provisional": {"fr": "déclarés en {year}, provisoire : déclarations incomplètes",
                                        "en": "reported in {year}, provisional: returns incomplete"},
    "market.by_target.title": {"fr": "Projets de recrutement BMO et postes ouverts déclarés, par métier",
                               "en": "BMO hiring projects and reported openings, by trade"},
    "market.by_region.title": {"fr": "Part des projets de recrutement jugés difficiles, par région",
                               "en": "Share of hiring projects judged difficult, by region"},
    "market.trend.title": {"fr": "Projets de recrutement BMO et postes ouverts déclarés, par année",
                           "en": "BMO hiring projects and reported openings, by year"},
    "market.table.title": {"fr": "Détail par métier et région", "en": "Detail by trade and region"},
    "market.unit.projects": {"fr": "projets de recrutement (BMO) ou postes ouverts (employeurs du secteur)",
                             "en": "hiring projects (BMO) or openings (the sector's employers)"},
    "market.unit.rate": {"fr": "part des projets jugés difficiles, en %", "en": "share of projects judged difficult, %"},
    "market.block.title": {"fr": "Projets de recrutement publics (enquête BMO de France Travail)",
                           "en": "Public hiring projects (France Travail's BMO survey)"},
    "market.block.intro": {"fr": "Les projets de recrutement de tous les employeurs du pays pour les métiers BMO "
                                 "de la bioproduction, à côté des postes ouverts déclarés par le secteur : des "
                                 "projets, pas des emplois.",
                           "en": "The hiring projects of every employer in the country for the bioproduction BMO "
                                 "métiers, beside the openings the sector reported: projects, not jobs."},
    "market.block.link": {"fr": "Tout le détail sur la page Marché du travail", "en": "All the detail on the Labour "
                                                                                     "market page"},
    "measure.bmo_projects": {"fr": "Projets de recrutement (BMO)", "en": "Hiring projects (BMO)"},
    "measure.bmo_difficult": {"fr": "Projets jugés difficiles", "en": "Projects judged difficult"},
    "measure.difficulty_rate": {"fr": "Taux de difficulté", "en": "Difficulty rate"},
    "measure.bmo_seasonal": {"fr": "Projets saisonniers", "en": "Seasonal projects"},
    "measure.masked_cells": {"fr": "Cases masquées", "en": "Masked cells"},
    "measure.reported_openings": {"fr": "Postes ouverts déclarés", "en": "Reported openings"},
    "measure.bmo_codes": {"fr": "Métiers BMO", "en": "BMO métiers"},
    "quality.bmo_codes.title": {"fr": "Codes métier BMO du référentiel absents d'une enquête chargée",
                                "en": "BMO métier codes of the mapping a loaded survey lacks"},
    "quality.bmo_codes.hint": {"fr": "France Travail renomme parfois ses métiers (l'enquête est passée de la FAP 2009 à "
                                     "la FAP 2021) : mettez le code à jour dans warehouse/reference/bmo_trades.csv "
                                     "(docs/bmo.md), sinon ces métiers manquent à la demande publique de cette année.",
                               "en": "France Travail renames métiers at times (the survey moved from FAP 2009 to FAP "
                                     "2021): update the code in warehouse/reference/bmo_trades.csv (docs/bmo.md), or "
                                     "these métiers are missing from that year's public demand."},
    "quality.bmo_codes.none": {"fr": "Chaque code métier BMO du référentiel figure dans chaque enquête chargée (ou "
                                     "aucune enquête n'est chargée).",
                               "en": "Every BMO métier code of the mapping is in every loaded survey (or no survey is "
                                     "loaded)."},
    "quality.col.year": {"fr": "Année d'enquête", "en": "Survey year"},
    "quality.col.bmo_code": {"fr": "Code métier BMO", "en": "BMO métier code"},
    "quality.col.bmo_label": {"fr": "Métier BMO", "en": "BMO métier"},
    "quality.col.mapped_to": {"fr": "Métiers ou familles concernés", "en": "Trades or families it feeds"},
    "quality.col.source_files": {"fr": "Fichiers de l'année", "en": "The year's files"},
    # --- the scenario planner's model (dashboard/scenario_model.py): assumptions and outcomes, {placeholders}
    # filled by its describe_* functions ---
    "scenario.closes": {
        "fr": "L'écart se referme au {quarter}.",
        "en": "The gap closes in {quarter}."},
    "scenario.not_before": {
        "fr": "L'écart ne se referme pas avant {year}.",
        "en": "The gap does not close before {year}."},
    "scenario.solution.solved": {
        "fr": "{extra_enrolments_per_year} inscriptions supplémentaires par an à partir du {start_quarter} "
              "portent la couverture à {target_coverage} en {target_year}.",
        "en": "{extra_enrolments_per_year} extra enrolments a year from {start_quarter} bring coverage to "
              "{target_coverage} in {target_year}."},
    "scenario.solution.already_met": {
        "fr": "La couverture atteint déjà {target_coverage} en {target_year} sans inscription supplémentaire.",
        "en": "Coverage already reaches {target_coverage} in {target_year} without extra enrolments."},
    "scenario.solution.no_demand": {
        "fr": "Aucun poste ouvert n'est projeté en {target_year} : il n'y a pas de couverture à atteindre.",
        "en": "No openings are projected in {target_year}: there is no coverage to reach."},
    "scenario.solution.no_completion_by_target_year": {
        "fr": "Aucune inscription à partir du {start_quarter} ne donne de diplômé opérationnel en {target_year} "
              "(taux nul, ou formation trop longue) : choisissez un départ plus tôt ou une année plus tardive.",
        "en": "No enrolment from {start_quarter} gives a job-ready graduate in {target_year} (a rate of 0, or "
              "a programme too long): choose an earlier start or a later year."},
    "scenario.solution.above_bound": {
        "fr": "Il faudrait plus de {max_extra_enrolments_per_year} inscriptions supplémentaires par an pour "
              "atteindre {target_coverage} en {target_year}.",
        "en": "Reaching {target_coverage} in {target_year} would take more than {max_extra_enrolments_per_year} "
              "extra enrolments a year."},
    "scenario.assumption.selection": {
        "fr": "Sélection : métiers : {trades} ; régions : {regions} ; voie : {pathway}.",
        "en": "Selection: trades: {trades}; regions: {regions}; pathway: {pathway}."},
    "scenario.assumption.starts": {
        "fr": "{extra_enrolments_per_year} inscriptions supplémentaires par an à partir du {start_quarter}, "
              "soit {extra_enrolments_per_quarter} par trimestre, réparties également sur le trimestre.",
        "en": "{extra_enrolments_per_year} extra enrolments a year from {start_quarter}, that is "
              "{extra_enrolments_per_quarter} a quarter, spread evenly over the quarter."},
    "scenario.assumption.completion.observed": {
        "fr": "Taux d'achèvement {rate} (diplômés / (diplômés + abandons)), observé sur {people} personnes.",
        "en": "Completion rate {rate} (completed / (completed + withdrawn)), observed on {people} people."},
    "scenario.assumption.completion.entered": {
        "fr": "Taux d'achèvement {rate} (diplômés / (diplômés + abandons)), saisi à la main.",
        "en": "Completion rate {rate} (completed / (completed + withdrawn)), entered by hand."},
    "scenario.assumption.job_readiness.observed": {
        "fr": "Taux de diplômés opérationnels {rate} (au niveau requis dans chaque compétence du métier), "
              "observé sur {people} diplômés.",
        "en": "Job-ready rate {rate} (at the required level in every skill of the trade), observed on "
              "{people} graduates."},
    "scenario.assumption.job_readiness.entered": {
        "fr": "Taux de diplômés opérationnels {rate} (au niveau requis dans chaque compétence du métier), "
              "saisi à la main.",
        "en": "Job-ready rate {rate} (at the required level in every skill of the trade), entered by hand."},
    "scenario.assumption.placement_6m.observed": {
        "fr": "Taux d'insertion à 6 mois {rate}, observé sur {people} diplômés ; les insertions sont comptées "
              "au trimestre où la formation s'achève.",
        "en": "Placement rate within six months {rate}, observed on {people} graduates; placements are "
              "counted in the quarter the programme ends."},
    "scenario.assumption.placement_6m.entered": {
        "fr": "Taux d'insertion à 6 mois {rate}, saisi à la main ; les insertions sont comptées au trimestre "
              "où la formation s'achève.",
        "en": "Placement rate within six months {rate}, entered by hand; placements are counted in the "
              "quarter the programme ends."},
    "scenario.assumption.duration.observed": {
        "fr": "Durée de formation {duration_months} mois (médiane de {people} parcours achevés).",
        "en": "Programme duration {duration_months} months (median of {people} completed enrolments)."},
    "scenario.assumption.duration.entered": {
        "fr": "Durée de formation {duration_months} mois, saisie à la main.",
        "en": "Programme duration {duration_months} months, entered by hand."},
    "scenario.assumption.completion_quarter": {
        "fr": "Une entrée s'achève {quarters_later} trimestre(s) plus tard.",
        "en": "A start completes {quarters_later} quarter(s) later."},
    "scenario.assumption.completion_quarter_split": {
        "fr": "Les entrées étant réparties sur le trimestre, {share_first} d'entre elles s'achèvent "
              "{quarters_first} trimestre(s) plus tard et {share_later} {quarters_later} trimestres plus tard.",
        "en": "As starts are spread over the quarter, {share_first} of them complete {quarters_first} "
              "quarter(s) later and {share_later} {quarters_later} quarters later."},
    "scenario.assumption.baseline": {
        "fr": "Sans le scénario, postes ouverts et diplômés opérationnels restent jusqu'au {last_quarter} à la "
              "moyenne des {window_quarters} derniers trimestres connus ({window_first_quarter} à "
              "{window_last_quarter}) : {openings} postes et {job_ready_graduates} diplômés opérationnels "
              "par trimestre.",
        "en": "Without the scenario, openings and job-ready graduates stay until {last_quarter} at the mean "
              "of the last {window_quarters} known quarters ({window_first_quarter} to {window_last_quarter}): "
              "{openings} openings and {job_ready_graduates} job-ready graduates a quarter."},
    "scenario.assumption.coverage": {
        "fr": "Couverture = diplômés opérationnels / postes ouverts du même trimestre ; l'écart se referme "
              "quand les diplômés opérationnels atteignent les postes ouverts (couverture >= 100 %).",
        "en": "Coverage = job-ready graduates / openings of the same quarter; the gap closes when job-ready "
              "graduates reach openings (coverage >= 100%)."},
    "scenario.assumption.independence": {
        "fr": "Les places supplémentaires ne changent ni les taux observés, ni les autres inscriptions, ni les "
              "postes ouverts.",
        "en": "The extra places change neither the observed rates, nor other enrolments, nor openings."},
    # --- exports (warehouse/files.py): the second sheet of an XLSX, its lines, what a CSV's dialect is ---
    "export.sheet.about": {"fr": "Informations", "en": "About"},
    "export.filters": {"fr": "Filtres", "en": "Filters"},
    "export.filters.none": {"fr": "aucun (toutes les données)", "en": "none (all the data)"},
    "export.as_of": {"fr": "Données au", "en": "Data as of"},
    "export.source": {"fr": "Source", "en": "Source"},
    "export.protection": {"fr": "Secret statistique", "en": "Statistical confidentiality"},
    "export.exported_at": {"fr": "Exporté le", "en": "Exported on"},
    "export.csv.dialect": {"fr": "CSV pour Excel en français : « ; » entre les champs, virgule décimale, dates "
                                 "JJ/MM/AAAA, pourcentages en nombres (72,5) sous un titre « (%) »",
                           "en": "CSV: ',' between fields, decimal point, ISO dates (YYYY-MM-DD), percentages as "
                                 "numbers (72.5) under a '(%)' header"},
    # --- the filter bar's dropdowns: dcc.Dropdown's own texts (its `labels` prop), {num_selected} is Dash's ---
    "dropdown.select_all": {"fr": "Tout sélectionner", "en": "Select all"},
    "dropdown.deselect_all": {"fr": "Tout désélectionner", "en": "Deselect all"},
    "dropdown.selected_count": {"fr": "{num_selected} sélectionné(s)", "en": "{num_selected} selected"},
    "dropdown.search": {"fr": "Rechercher", "en": "Search"},
    "dropdown.clear_search": {"fr": "Effacer la recherche", "en": "Clear the search"},
    "dropdown.clear_selection": {"fr": "Effacer la sélection", "en": "Clear the selection"},
    "dropdown.no_options_found": {"fr": "Aucun résultat", "en": "No match"},
    # --- AG Grid's own texts (its localeText): the filter menu, the paging panel, its overlays and aria labels ---
    "grid.filterOoo": {"fr": "Filtrer…", "en": "Filter..."},
    "grid.empty": {"fr": "Choisissez-en un", "en": "Choose one"},
    "grid.equals": {"fr": "Égal à", "en": "Equals"},
    "grid.notEqual": {"fr": "Différent de", "en": "Does not equal"},
    "grid.lessThan": {"fr": "Inférieur à", "en": "Less than"},
    "grid.greaterThan": {"fr": "Supérieur à", "en": "Greater than"},
    "grid.lessThanOrEqual": {"fr": "Inférieur ou égal à", "en": "Less than or equal to"},
    "grid.greaterThanOrEqual": {"fr": "Supérieur ou égal à", "en": "Greater than or equal to"},
    "grid.inRange": {"fr": "Entre", "en": "Between"},
    "grid.inRangeStart": {"fr": "De", "en": "From"},
    "grid.inRangeEnd": {"fr": "À", "en": "To"},
    "grid.contains": {"fr": "Contient", "en": "Contains"},
    "grid.notContains": {"fr": "Ne contient pas", "en": "Does not contain"},
    "grid.startsWith": {"fr": "Commence par", "en": "Begins with"},
    "grid.endsWith": {"fr": "Se termine par", "en": "Ends with"},
    "grid.blank": {"fr": "Vide", "en": "Blank"},
    "grid.notBlank": {"fr": "Non vide", "en": "Not blank"},
    "grid.before": {"fr": "Avant", "en": "Before"},
    "grid.after": {"fr": "Après", "en": "After"},
    "grid.andCondition": {"fr": "ET", "en": "AND"},
    "grid.orCondition": {"fr": "OU", "en": "OR"},
    "grid.applyFilter": {"fr": "Appliquer", "en": "Apply"},
    "grid.resetFilter": {"fr": "Réinitialiser", "en": "Reset"},
    "grid.clearFilter": {"fr": "Effacer", "en": "Clear"},
    "grid.cancelFilter": {"fr": "Annuler", "en": "Cancel"},
    "grid.page": {"fr": "Page", "en": "Page"},
    "grid.of": {"fr": "sur", "en": "of"},
    "grid.to": {"fr": "à", "en": "to"},
    "grid.more": {"fr": "plus", "en": "more"},
    "grid.firstPage": {"fr": "Première page", "en": "First Page"},
    "grid.previousPage": {"fr": "Page précédente", "en": "Previous Page"},
    "grid.nextPage": {"fr": "Page suivante", "en": "Next Page"},
    "grid.lastPage": {"fr": "Dernière page", "en": "Last Page"},
    "grid.pageSizeSelectorLabel": {"fr": "Lignes par page :", "en": "Page Size:"},
    "grid.ariaPageSizeSelectorLabel": {"fr": "Lignes par page", "en": "Page Size"},
    "grid.noRowsToShow": {"fr": "Aucune ligne à afficher", "en": "No Rows To Show"},
    "grid.loadingOoo": {"fr": "Chargement…", "en": "Loading..."},
    "grid.ariaSortableColumn": {"fr": "Appuyez sur Entrée pour trier", "en": "Press ENTER to sort"},
    "grid.ariaMenuColumn": {"fr": "Appuyez sur Alt+Bas pour ouvrir le menu de la colonne",
                            "en": "Press ALT DOWN to open column menu"},
    "grid.ariaFilterColumn": {"fr": "Appuyez sur Ctrl+Entrée pour ouvrir le filtre",
                              "en": "Press CTRL ENTER to open filter"},
    "grid.ariaLabelColumnMenu": {"fr": "Menu de la colonne", "en": "Column Menu"},
    "grid.ariaLabelColumnFilter": {"fr": "Filtre de la colonne", "en": "Column Filter"},
    "grid.ariaFilterMenuOpen": {"fr": "Ouvrir le menu du filtre", "en": "Open Filter Menu"},
    "grid.ariaColumnFiltered": {"fr": "Colonne filtrée", "en": "Column Filtered"},
    "grid.ariaFilterInput": {"fr": "Saisie du filtre", "en": "Filter Input"},
    "grid.ariaFilterValue": {"fr": "Valeur du filtre", "en": "Filter Value"},
    "grid.ariaFilterFromValue": {"fr": "Filtrer à partir de la valeur", "en": "Filter from value"},
    "grid.ariaFilterToValue": {"fr": "Filtrer jusqu'à la valeur", "en": "Filter to Value"},
    "grid.ariaFilteringOperator": {"fr": "Opérateur du filtre", "en": "Filtering operator"},
    "grid.ariaDateFilterInput": {"fr": "Saisie du filtre de date", "en": "Date Filter Input"},
    "grid.ariaChecked": {"fr": "coché", "en": "checked"},
    "grid.ariaUnchecked": {"fr": "non coché", "en": "unchecked"},
    # --- an address no page answers (dashboard/pages/not_found_404.py) ---
    "not_found.title": {"fr": "Page introuvable", "en": "Page not found"},
    "not_found.text": {"fr": "Aucune page de l'observatoire ne répond à cette adresse : le lien est peut-être "
                             "incomplet ou mal recopié.",
                       "en": "No page of the observatory answers at this address: the link may be incomplete or "
                             "mistyped."},
    "not_found.pages": {"fr": "Les pages de l'observatoire", "en": "The observatory's pages"},
    "not_found.about.overview": {"fr": "les emplois créés face à l'objectif de 10 000, le rythme actuel et la "
                                       "projection à 2030",
                                 "en": "jobs created against the 10,000 goal, the current pace and the projection "
                                       "to 2030"},
    "not_found.about.gaps": {"fr": "les postes ouverts face aux diplômés prêts à l'emploi, par métier et région",
                             "en": "openings against job-ready graduates, by trade and region"},
    "not_found.about.skills": {"fr": "le niveau requis face au niveau atteint, compétence par compétence",
                               "en": "the required level against the level reached, skill by skill"},
    "not_found.about.training": {"fr": "de l'inscription à l'emploi, par formation, cohorte et voie",
                                 "en": "from enrolment to employment, by programme, cohort and pathway"},
    "not_found.about.hiring": {"fr": "postes ouverts, embauches, emplois créés et postes vacants, mois par mois",
                               "en": "openings, hires, jobs created and vacancies, month by month"},
    "not_found.about.trade": {"fr": "tout ce qui concerne un métier, sur une page à imprimer",
                              "en": "everything about one trade, on one page to print"},
    "not_found.about.quality": {"fr": "la fraîcheur des sources, le journal des chargements et les valeurs "
                                      "rejetées",
                                "en": "how fresh each source is, the load log and the rejected values"},
    "not_found.about.market": {"fr": "les projets de recrutement publics (enquête BMO) face aux postes ouverts déclarés",
                               "en": "public hiring projects (the BMO survey) beside the openings employers report"},
    "not_found.about.scenarios": {"fr": "combien de places ouvrir, où et quand, pour refermer un écart d'ici 2030",
                                  "en": "how many places to open, where and when, to close a gap by 2030"},
    "not_found.about.audit": {"fr": "qui s'est connecté, a lancé une requête ou téléchargé des données, et quand",
                              "en": "who signed in, ran a query or downloaded data, and when"},
    "not_found.about.sql": {"fr": "la console SQL des analystes et le dictionnaire des données",
                            "en": "the analysts' SQL console and the data dictionary"},
}


# --- The messages of ingest and of the sandbox, folded in under their prefix (see the module's docstring) ------
Renderer = Callable[[str, Mapping[str, Any], str], str]
FOLDED: dict[str, tuple[dict[str, dict[str, str]], Renderer]] = {
    "ingest": (ingest_messages.MESSAGES, ingest_messages.render),
    "sandbox": ({code: {"fr": message.fr, "en": message.en} for code, message in sandbox_messages.MESSAGES.items()},
                sandbox_messages.render),
}
LABELS.update({f"{prefix}.{key}": texts for prefix, (templates, _) in FOLDED.items()
               for key, texts in templates.items()})


def _folded(key: str) -> tuple[str, Renderer] | None:
    prefix, _, name = key.partition(".")
    return (name, FOLDED[prefix][1]) if prefix in FOLDED else None


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The label in the language, with {placeholders} filled; a missing key is a bug, so it raises.

    An ``ingest.`` or ``sandbox.`` key is rendered by its own module (``values`` are the message's
    arguments)."""
    lang = language(lang)
    folded = _folded(key)
    if folded is not None:
        name, render = folded
        return render(name, values, lang)
    text = LABELS[key][lang]
    return text.format(**values) if values else text


def stored_text(prefix: str, key: str | None, args: Mapping[str, Any] | str | None, english: str | None,
                lang: str) -> str | None:
    """A message stored as its key and arguments (``args`` as a mapping or as the JSON text a table keeps), in
    the language; ``english`` is the text stored beside them. A row written before keys existed (no key), or
    by a version whose message this one does not know, keeps that English text rather than lose the row."""
    if key is None or f"{prefix}.{key}" not in LABELS:
        return english
    try:
        values = json.loads(args) if isinstance(args, str) else dict(args or {})
        return t(f"{prefix}.{key}", lang, **values)
    except (KeyError, IndexError, ValueError):  # unreadable arguments, or those of another version's template
        return english


def language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _is_missing(value: Any) -> bool:
    """None, NaN, or an infinity (a ratio over zero is null by contract: no number to show)."""
    return value is None or (isinstance(value, float) and not math.isfinite(value))


# --- Number and date formats: CLDR through babel, the same rules as the grids' JavaScript ---------------------
# The narrow no-break space is CLDR's French grouping separator ("10 000"). CLDR puts a wider one (U+00A0)
# before "%"; here a French number has one kind of space, so "72,5 %" takes the narrow one too (issue 10).
NNBSP = "\u202f"
MISSING = "–"


@functools.cache
def _number_pattern(lang: str, decimals: int, percent: bool) -> NumberPattern:
    """The language's CLDR decimal or percent pattern with exactly `decimals` decimals."""
    cldr = locale(lang)
    pattern = (cldr.percent_formats if percent else cldr.decimal_formats)[None].pattern
    if percent:
        pattern = pattern.replace(NBSP, NNBSP)
    prefix, number, suffix = re.fullmatch(r"([^#0,.]*)([#0,.]+)(.*)", pattern).groups()
    number = number.split(".")[0] + ("." + "0" * decimals if decimals else "")
    return parse_pattern(prefix + number + suffix)


def _formatted(number: Decimal, lang: str, decimals: int, percent: bool) -> str:
    # babel quantizes in the current decimal context, whose 28 digits would refuse a 30-digit number.
    with decimal.localcontext(prec=max(28, number.adjusted() + decimals + 5)):
        return _number_pattern(language(lang), decimals, percent).apply(number, locale(lang))


def fmt_number(value: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """10 000 / 72,5 in French; 10,000 / 72.5 in English; an en dash when missing."""
    if _is_missing(value):
        return MISSING
    return _formatted(round_half_up(value, decimals), lang, decimals, percent=False)


def fmt_pct(ratio: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A ratio between 0 and 1 as a percentage: 72,5 % in French, 72.5% in English."""
    if _is_missing(ratio):
        return MISSING
    percent = round_half_up(Decimal(str(ratio)).scaleb(2), decimals)
    return _formatted(percent.scaleb(-2), lang, decimals, percent=True)


def fmt_month(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """mars 2026 / March 2026 (CLDR's month and year)."""
    if value is None:
        return MISSING
    return format_skeleton("yMMMM", value, locale=locale(lang))


def fmt_date(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """CLDR's long date: 31 octobre 2026 / 31 October 2026. French writes the first day of a month as an
    ordinal (1er décembre 2026), which CLDR's pattern does not."""
    if value is None:
        return MISSING
    if language(lang) == "fr" and value.day == 1:
        return format_date(value, "d'er' MMMM y", locale=locale(lang))
    return format_date(value, "long", locale=locale(lang))


def fmt_quarter(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """T1 2021 in French, Q1 2021 in English."""
    return MISSING if value is None else quarter_name(value, language(lang))


_SIZE_UNITS = ("byte", "kilobyte", "megabyte", "gigabyte", "terabyte")  # powers of 1000, as the settings write sizes


def fmt_size(size_bytes: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A size in CLDR's short units, at most one decimal: 32 Mo in French, 32 MB in English."""
    amount, unit = round_half_up(size_bytes, 1), 0
    while amount >= 1000 and unit < len(_SIZE_UNITS) - 1:  # rounded first: 999 950 bytes are 1 MB, not 1 000 kB
        amount, unit = round_half_up(Decimal(size_bytes).scaleb(-3 * (unit + 1)), 1), unit + 1
    return format_unit(amount, f"digital-{_SIZE_UNITS[unit]}", length="short", format="#,##0.#",
                       locale=locale(lang))


def dropdown_labels(lang: str) -> dict[str, str]:
    """The texts of a dcc.Dropdown (its ``labels`` prop) in the language; Dash shows its English ones otherwise."""
    return {name: t(f"dropdown.{name}", lang) for name in ("select_all", "deselect_all", "selected_count", "search",
                                                           "clear_search", "clear_selection", "no_options_found")}


def grid_locale_text(lang: str) -> dict[str, str]:
    """AG Grid's own texts (``dashGridOptions.localeText``: filter menu, paging panel, overlays, aria labels) in the
    language; AG Grid writes English otherwise."""
    return {key.removeprefix("grid."): texts[language(lang)] for key, texts in LABELS.items()
            if key.startswith("grid.")}


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: the language's decimal then grouping symbol, as fmt_number writes them."""
    cldr = locale(lang)
    return get_decimal_symbol(cldr) + get_group_symbol(cldr)


def plotly_quarter_format(lang: str) -> str:
    """A plotly (d3) date format writing a quarter as fmt_quarter does: "T%q %Y" in French."""
    before, after = quarter_parts(1, language(lang))
    return f"{before.replace('1', '%q')}%Y{after.replace('1', '%q')}"


def plotly_date_names(lang: str) -> dict[str, list[str]]:
    """CLDR's month and day names in the shape of a plotly locale's ``format`` (Sunday first), so date axes
    read "janv. 2026" and hovers "mars 2026" as fmt_month does."""
    cldr = locale(lang)
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # CLDR numbers days from Monday = 0
    return {
        "months": [cldr.months["format"]["wide"][month] for month in range(1, 13)],
        "shortMonths": [cldr.months["format"]["abbreviated"][month] for month in range(1, 13)],
        "days": [cldr.days["format"]["wide"][day] for day in sunday_first],
        "shortDays": [cldr.days["format"]["abbreviated"][day] for day in sunday_first],
    }
