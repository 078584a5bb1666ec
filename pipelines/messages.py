"""Every message of ingest, by stable key, in English and French: one table, rendered at the edge.

The pipeline stores a message as its key and its arguments (``rejected_rows.reason_key`` and
``reason_args``, ``load_log.message_key`` and ``message_args``, the arguments as JSON text) beside
the English text it renders for analysts and the command line (``reason``, ``message``). A screen
renders the same key in its own language with ``render(key, args, lang)``.

Four families of keys:

- ``value.*``: a value that does not parse or is out of the plausible range. The template is the
  problem only; the reason is the column and the value, then the problem:
  ``programme_code 'P-XYZ' is not in the programmes reference (...)``. Arguments: ``column``,
  ``value`` and the template's own.
- ``rule.*``: a rule of a source's model broken by a row (one value, or several columns); the
  template is the whole sentence, over ``{value}`` (the checked column's, as in the file),
  ``{column}``, any other column by name, ``{today}`` and ``{this_month}``.
- ``file.*``: a file refused or skipped whole (``{path}`` is the file, or "file, sheet 'name'"),
  and ``note.*``: what a loaded file's log says besides its counts.
- ``part.*``: pieces that other messages nest.

An argument may itself be a message (``{"key": ..., "args": {...}}``, rendered in the same
language), a list (of values, joined with ", "; of messages, joined with "; ") or
``{"any_of": [...]}`` ("a, b or c"). ``notes`` renders a list of messages as one text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

LANGUAGES = ("en", "fr")

# How a value problem starts: the column, then the value as in the file.
VALUE_PREFIX = {"en": "{column} '{value}' ", "fr": "{column} « {value} » "}
_OR = {"en": " or ", "fr": " ou "}

MESSAGES: dict[str, dict[str, str]] = {
    # --- values ---------------------------------------------------------------------------
    "value.not_a_date": {
        "en": "is not a date; write 2024-03-15 or 15/03/2024",
        "fr": "n'est pas une date ; écrivez 2024-03-15 ou 15/03/2024"},
    "value.not_a_month": {
        "en": "is not a month; write 2024-03, 03/2024, 2024-03-01 or mars 2024",
        "fr": "n'est pas un mois ; écrivez 2024-03, 03/2024, 2024-03-01 ou mars 2024"},
    "value.date_not_month": {
        "en": "is a date, not a month; write the month as {month}",
        "fr": "est une date, pas un mois ; écrivez le mois {month}"},
    "value.not_a_number": {
        "en": "is not a number; write it like 72.5 or 72,5, without thousands separator",
        "fr": "n'est pas un nombre ; écrivez-le comme 72,5 ou 72.5, sans séparateur de milliers"},
    "value.not_a_whole_number": {
        "en": "is not a whole number; write a count such as 3",
        "fr": "n'est pas un nombre entier ; écrivez un effectif tel que 3"},
    "value.number_too_large": {
        "en": "is too large for a whole number here (at most {max} in absolute value); check the value",
        "fr": "est trop grand pour un nombre entier ici (au plus {max} en valeur absolue) ; vérifiez la valeur"},
    "value.not_yes_no": {
        "en": "is not a yes/no value; write true/false, oui/non, vrai/faux or 1/0",
        "fr": "n'est pas une valeur oui/non ; écrivez oui/non, vrai/faux, 1/0 ou true/false"},
    "value.unknown_choice": {
        "en": "is not a known {noun}; use {values}",
        "fr": "n'est pas une valeur connue ; utilisez {values}"},
    "value.unknown_choice_with_french": {
        "en": "is not a known {noun}; use {values} (in French: {french})",
        "fr": "n'est pas une valeur connue ; utilisez {french} (ou en anglais : {values})"},
    "value.not_in_reference": {
        "en": "is not in the {table} reference ({file}); fix the code or add the {noun}",
        "fr": "n'est pas dans la référence {table} ({file}) ; corrigez le code ou ajoutez-le à la référence"},
    "value.not_trade_nor_rome": {
        "en": "is neither a code of the trades reference ({file}) nor a ROME code of one of its trades; "
              "fix the code or add the trade",
        "fr": "n'est ni un code de la référence des métiers ({file}) ni le code ROME d'un de ses métiers ; "
              "corrigez le code ou ajoutez le métier"},
    "value.rome_shared": {
        "en": "is a ROME code shared by several trades ({trades}); give the trade code",
        "fr": "est un code ROME commun à plusieurs métiers ({trades}) ; donnez le code du métier"},
    "value.not_a_region": {
        "en": "is not a region code or name of the regions reference ({file}); "
              "use an INSEE code such as 11 or a name such as Île-de-France",
        "fr": "n'est ni un code ni un nom de région de la référence des régions ({file}) ; "
              "utilisez un code INSEE tel que 11 ou un nom tel que Île-de-France"},
    "value.not_count_nor_masked": {
        "en": "is not a whole number nor * (masked); write a count such as 3",
        "fr": "n'est ni un nombre entier ni * (masqué) ; écrivez un effectif tel que 3"},
    "value.negative_count": {
        "en": "is negative; counts are 0 or more",
        "fr": "est négatif ; un effectif vaut 0 ou plus"},
    "value.count_too_large": {
        "en": "is more than {max}, the most one row can plausibly count ({setting}); "
              "check the value, or raise the setting if it is real",
        "fr": "dépasse {max}, le plus grand effectif plausible d'une ligne ({setting}) ; "
              "vérifiez la valeur, ou relevez ce réglage si elle est juste"},
    "value.date_too_early": {
        "en": "is before {earliest}, the start of the programme window ({setting}); fix the date",
        "fr": "est antérieure au {earliest}, début de la période du programme ({setting}) ; corrigez la date"},
    "value.month_too_early": {
        "en": "is before {earliest}, the start of the programme window ({setting}); fix the month",
        "fr": "est antérieur à {earliest}, début de la période du programme ({setting}) ; corrigez le mois"},
    "value.date_in_future": {
        "en": "is in the future (today is {today}); fix the date",
        "fr": "est dans le futur (nous sommes le {today}) ; corrigez la date"},
    "value.month_in_future": {
        "en": "is after the current month ({this_month}); report months that have begun",
        "fr": "est postérieur au mois en cours ({this_month}) ; ne déclarez que les mois commencés"},
    "value.date_beyond_plans": {
        "en": "is more than {years} years after today (at the latest {latest}, {setting}); fix the date",
        "fr": "est à plus de {years} ans d'aujourd'hui (au plus tard le {latest}, {setting}) ; corrigez la date"},
    "value.too_long": {
        "en": "is {length} characters long, more than the {max} allowed ({setting}); check the column",
        "fr": "compte {length} caractères, plus que les {max} admis ({setting}) ; vérifiez la colonne"},
    # --- rules of the models --------------------------------------------------------------
    "rule.required": {
        "en": "{column} is empty but required; fill it in",
        "fr": "{column} est vide mais obligatoire ; renseignez-le"},
    "rule.end_date_when_completed": {
        "en": "end_date is empty but the enrolment is completed (status '{status}'); "
              "give the end date or change the status",
        "fr": "end_date est vide alors que l'inscription est terminée (statut « {status} ») ; "
              "donnez la date de fin ou changez le statut"},
    "rule.end_date_before_start": {
        "en": "end_date '{value}' is before start_date '{start_date}'; fix one of the dates",
        "fr": "end_date « {value} » est antérieure à start_date « {start_date} » ; corrigez l'une des dates"},
    "rule.end_date_in_future_once_ended": {
        "en": "end_date '{value}' is in the future (today is {today}) but the enrolment has ended "
              "(status '{status}'); fix the date or the status",
        "fr": "end_date « {value} » est dans le futur (nous sommes le {today}) alors que l'inscription est "
              "finie (statut « {status} ») ; corrigez la date ou le statut"},
    "rule.certified_only_when_completed": {
        "en": "certified is '{value}' but status is '{status}', not completed; "
              "only a completed enrolment can be certified",
        "fr": "certified vaut « {value} » mais le statut est « {status} », pas terminé ; "
              "seule une inscription terminée peut être certifiée"},
    "rule.score_from_0_to_100": {
        "en": "score '{value}' is not between 0 and 100; give the score out of 100",
        "fr": "score « {value} » n'est pas compris entre 0 et 100 ; donnez la note sur 100"},
    "rule.jobs_created_within_hires": {
        "en": "jobs_created '{value}' is more than hires '{hires}'; jobs created count hires into new "
              "positions, so at most hires",
        "fr": "jobs_created « {value} » dépasse hires « {hires} » ; les emplois créés sont des embauches "
              "sur des postes nouveaux, donc au plus hires"},
    "rule.campus_hires_within_hires": {
        "en": "hires_from_campus '{value}' is more than hires '{hires}'; campus hires are some of the hires",
        "fr": "hires_from_campus « {value} » dépasse hires « {hires} » ; les embauches issues du campus "
              "font partie des embauches"},
    "rule.count_or_masked": {
        "en": "{column} is empty; BMO publishes a count or * (masked) in every row",
        "fr": "{column} est vide ; la BMO publie un effectif ou * (masqué) sur chaque ligne"},
    "rule.survey_year": {
        "en": "year '{value}' is not a BMO survey year (2000 to next year); fix the annee column",
        "fr": "year « {value} » n'est pas une année d'enquête BMO (de 2000 à l'an prochain) ; "
              "corrigez la colonne annee"},
    "rule.duplicate_key": {
        "en": "duplicate of line {first_line} (same {key})",
        "fr": "doublon de la ligne {first_line} (même {key})"},
    "rule.rejections_capped": {
        "en": "{more} more rejected value(s) of this file are not listed: at most {cap} are kept per file "
              "({setting}); fix the values listed and load the file again",
        "fr": "{more} autre(s) valeur(s) rejetée(s) de ce fichier ne sont pas listées : au plus {cap} sont "
              "gardées par fichier ({setting}) ; corrigez les valeurs listées et chargez à nouveau le fichier"},
    # --- files refused or skipped ---------------------------------------------------------
    "file.unreadable": {
        "en": "{path} cannot be read ({error}); check the path and its permissions.",
        "fr": "{path} ne peut pas être lu ({error}) ; vérifiez le chemin et ses droits."},
    "file.empty": {
        "en": "{path} is empty; export the data again with a header line and at least one row.",
        "fr": "{path} est vide ; exportez à nouveau les données avec une ligne d'en-tête et au moins une ligne."},
    "file.utf16": {
        "en": "{path} is encoded in UTF-16; save it again as CSV UTF-8 (or CSV with ; as separator).",
        "fr": "{path} est encodé en UTF-16 ; enregistrez-le à nouveau en CSV UTF-8 (ou CSV séparateur point-virgule)."},
    "file.binary": {
        "en": "{path} is not a text table (it holds binary bytes); give a CSV, XLSX or Parquet file exported "
              "from the source system.",
        "fr": "{path} n'est pas un tableau texte (il contient des octets binaires) ; donnez un fichier CSV, XLSX "
              "ou Parquet exporté du système source."},
    "file.not_a_table": {
        "en": "{path} refused: it has a single column, so it is not a table (a CSV separated by ; , or tab, "
              "an XLSX or a Parquet file); give the file exported from the source system.",
        "fr": "{path} refusé : il n'a qu'une colonne, ce n'est donc pas un tableau (CSV séparé par ; , ou "
              "tabulation, XLSX ou Parquet) ; donnez le fichier exporté du système source."},
    "file.header_only": {
        "en": "{path} has a header line but no data rows; export the data again with its rows.",
        "fr": "{path} a une ligne d'en-tête mais aucune ligne de données ; exportez à nouveau les données."},
    "file.sheet_header_only": {
        "en": "{path} has a header row but no data rows; export the data again with its rows.",
        "fr": "{path} a une ligne d'en-tête mais aucune ligne de données ; exportez à nouveau les données."},
    "file.parquet_no_rows": {
        "en": "{path} has columns but no rows; write it again with its rows.",
        "fr": "{path} a des colonnes mais aucune ligne ; écrivez-le à nouveau avec ses lignes."},
    "file.all_blank": {
        "en": "{path} has a header but every row is blank; export the data again with its rows.",
        "fr": "{path} a un en-tête mais toutes ses lignes sont vides ; exportez à nouveau les données."},
    "file.csv_too_many_values": {
        "en": "{path}, line {line}: {values} values for {columns} columns in the header; check the separator "
              "({delimiter}) and the quotes on that line.",
        "fr": "{path}, ligne {line} : {values} valeurs pour {columns} colonnes dans l'en-tête ; vérifiez le "
              "séparateur ({delimiter}) et les guillemets de cette ligne."},
    "file.csv_bad_quotes": {
        "en": "{path}, line {line}: {error}; check the quotes on that line.",
        "fr": "{path}, ligne {line} : {error} ; vérifiez les guillemets de cette ligne."},
    "file.csv_malformed": {
        "en": "{path} is not a well-formed CSV (an unclosed quote?); check the quotes and export it again.",
        "fr": "{path} n'est pas un CSV bien formé (un guillemet non fermé ?) ; vérifiez les guillemets et "
              "exportez-le à nouveau."},
    "file.header_repeated": {
        "en": "{path}: the header names {name} twice (columns {first} and {second}); rename or remove one of them.",
        "fr": "{path} : l'en-tête nomme {name} deux fois (colonnes {first} et {second}) ; renommez ou supprimez "
              "l'une d'elles."},
    "file.not_a_spreadsheet": {
        "en": "{path} could not be opened as a spreadsheet ({error}); save it again as XLSX, or export it as CSV.",
        "fr": "{path} n'a pas pu être ouvert comme classeur ({error}) ; enregistrez-le à nouveau en XLSX, ou "
              "exportez-le en CSV."},
    "file.no_such_sheet": {
        "en": "{path} has no sheet {sheet}; its sheets are {sheets}.",
        "fr": "{path} n'a pas de feuille {sheet} ; ses feuilles sont {sheets}."},
    "file.sheet_empty": {
        "en": "{path}: the sheet {sheet} is empty; put the header in row 1 and the data below it.",
        "fr": "{path} : la feuille {sheet} est vide ; mettez l'en-tête en ligne 1 et les données dessous."},
    "file.not_parquet": {
        "en": "{path} could not be read as Parquet ({error}); write it again with flat columns (text, numbers, "
              "dates), or export it as CSV.",
        "fr": "{path} n'a pas pu être lu comme Parquet ({error}) ; écrivez-le à nouveau avec des colonnes "
              "simples (texte, nombres, dates), ou exportez-le en CSV."},
    "file.no_source": {
        "en": "{path} refused: its columns match no source. Its columns: {columns}. {needs}. "
              "Fix the headers or name the source explicitly.",
        "fr": "{path} refusé : ses colonnes ne correspondent à aucune source. Ses colonnes : {columns}. {needs}. "
              "Corrigez les en-têtes ou nommez la source."},
    "file.two_sources": {
        "en": "{path} refused: its columns fit both {first} and {second}. Its columns: {columns}. {needs}. "
              "Split the file by source, or name the source explicitly.",
        "fr": "{path} refusé : ses colonnes conviennent à {first} comme à {second}. Ses colonnes : {columns}. "
              "{needs}. Séparez le fichier par source, ou nommez la source."},
    "file.column_twice": {
        "en": "{path} refused: columns {first} and {second} both give {column}; keep only one of them.",
        "fr": "{path} refusé : les colonnes {first} et {second} donnent toutes deux {column} ; n'en gardez qu'une."},
    "file.missing_columns": {
        "en": "{path} refused: missing required column(s) for {source}: {missing}. Found columns: {columns}. "
              "Add the missing column(s) and load the file again.",
        "fr": "{path} refusé : colonne(s) obligatoire(s) manquante(s) pour {source} : {missing}. Colonnes "
              "trouvées : {columns}. Ajoutez-les et chargez à nouveau le fichier."},
    "file.no_sheet_loaded": {
        "en": "{path} refused: none of its sheets holds a source ({sheets}).",
        "fr": "{path} refusé : aucune de ses feuilles ne contient une source ({sheets})."},
    "file.sheet_no_source": {
        "en": "{path} skipped: its columns match no source (its columns: {columns})",
        "fr": "{path} ignorée : ses colonnes ne correspondent à aucune source (ses colonnes : {columns})"},
    "file.sheet_not_a_table": {
        "en": "{path} skipped: it has a single column, so it is not a table of a source",
        "fr": "{path} ignorée : elle n'a qu'une colonne, ce n'est donc pas un tableau d'une source"},
    "file.sheet_not_data": {
        "en": "{path} skipped: it looks like {source} but lacks {missing}, which the sheet {data_sheet} has: "
              "that sheet is the data, this one a summary or a notice",
        "fr": "{path} ignorée : elle ressemble à {source} mais n'a pas {missing}, que la feuille {data_sheet} a : "
              "cette feuille-là est celle des données, celle-ci un récapitulatif ou une notice"},
    "file.sheet_not_chosen": {
        "en": "{path} skipped: not the sheet asked for (--sheet {chosen})",
        "fr": "{path} ignorée : ce n'est pas la feuille demandée (--sheet {chosen})"},
    "file.already_loaded": {
        "en": "already loaded (same content as {earlier}, load {load_id} of {finished_at}); skipped",
        "fr": "déjà chargé (même contenu que {earlier}, chargement {load_id} du {finished_at}) ; ignoré"},
    "file.symlink_outside": {
        "en": "{path} is a symbolic link to a file outside the folder {folder}; not followed. "
              "Copy the file into the folder to load it.",
        "fr": "{path} est un lien symbolique vers un fichier hors du dossier {folder} ; non suivi. "
              "Copiez le fichier dans le dossier pour le charger."},
    "file.archive": {
        "en": "{path} is a {format} archive; extract the files it holds and load them.",
        "fr": "{path} est une archive {format} ; extrayez-en les fichiers et chargez-les."},
    "file.gzip_corrupt": {
        "en": "{path} is not a valid gzip file ({error}); compress it again or give the uncompressed file.",
        "fr": "{path} n'est pas un fichier gzip valide ({error}) ; compressez-le à nouveau ou donnez le "
              "fichier non compressé."},
    "file.gzip_too_large": {
        "en": "{path} decompresses to more than {max} MB ({setting}); decompress it and load the file, "
              "or raise the setting.",
        "fr": "{path} dépasse {max} Mo une fois décompressé ({setting}) ; décompressez-le et chargez le "
              "fichier, ou relevez ce réglage."},
    "file.gzip_inner_unknown": {
        "en": "{path} is compressed but its name does not say what it holds; name it like data.csv.gz, "
              "data.xlsx.gz or data.parquet.gz.",
        "fr": "{path} est compressé mais son nom ne dit pas ce qu'il contient ; nommez-le comme donnees.csv.gz, "
              "donnees.xlsx.gz ou donnees.parquet.gz."},
    "file.disk_full": {
        "en": "{path} could not be loaded: the disk holding the warehouse is full; nothing of it was kept. "
              "Free some space and load it again.",
        "fr": "{path} n'a pas pu être chargé : le disque de l'entrepôt est plein ; rien n'en a été gardé. "
              "Libérez de la place et chargez-le à nouveau."},
    "file.fault": {
        "en": "{path} could not be loaded ({error}); nothing of it was kept. This is a fault of the pipeline, "
              "not of the file: report it with the file.",
        "fr": "{path} n'a pas pu être chargé ({error}) ; rien n'en a été gardé. C'est une panne du pipeline, "
              "pas du fichier : signalez-la avec le fichier."},
    # --- notes of a loaded file -----------------------------------------------------------
    "note.rows_rejected": {
        "en": "{count} row(s) rejected: see rejected_rows where load_id = {load_id}",
        "fr": "{count} ligne(s) rejetée(s) : voir rejected_rows où load_id = {load_id}"},
    "note.ignored_columns": {
        "en": "ignored column(s) not in the contract: {columns}",
        "fr": "colonne(s) ignorée(s), hors du contrat : {columns}"},
    "notes": {"en": "{notes}", "fr": "{notes}"},
    # --- pieces ---------------------------------------------------------------------------
    "part.source_needs": {"en": "{source} needs {columns}", "fr": "{source} demande {columns}"},
    "part.sheet": {"en": "{path}, sheet {sheet}", "fr": "{path}, feuille {sheet}"},
    "part.more_columns": {"en": "{shown} and {more} more", "fr": "{shown} et {more} de plus"},
}


@dataclass(frozen=True)
class Message:
    """A message as stored: its key and arguments; ``str()`` is its English text."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self.key, self.args, "en")

    def as_arg(self) -> dict[str, Any]:
        """The message nested as another message's argument."""
        return {"key": self.key, "args": dict(self.args)}

    def args_json(self) -> str:
        return args_json(self.args)


class MessageError(ValueError):
    """An error whose text is a Message (what, where, what to do), translatable by its key."""

    def __init__(self, key: str, **args: Any) -> None:
        self.message = Message(key, args)
        super().__init__(key)

    def __str__(self) -> str:
        return render(self.message.key, self.message.args, "en", strict=False)


def args_json(args: Mapping[str, Any]) -> str:
    return json.dumps(args, ensure_ascii=False, default=str)


def render(key: str, args: Mapping[str, Any] | str | None, lang: str = "en", strict: bool = True) -> str:
    """The text of a message in ``lang`` (en or fr); ``args`` as a mapping or as stored (JSON text).

    A missing argument is an error, unless ``strict`` is false: then it shows as ``{name}``."""
    if isinstance(args, str):
        args = json.loads(args)
    args = dict(args or {})
    try:
        template = MESSAGES[key][lang]
    except KeyError:
        raise KeyError(f"no {lang!r} template for message {key!r}") from None
    values = {name: _argument(value, lang) for name, value in args.items()}
    text = template.format_map(_Strict(values, key, strict))
    if key.startswith("value."):
        return VALUE_PREFIX[lang].format(column=values.get("column", ""), value=values.get("value", "")) + text
    return text


class _Strict(dict):
    def __init__(self, values: dict[str, str], key: str, strict: bool) -> None:
        super().__init__(values)
        self.key, self.strict = key, strict

    def __missing__(self, name: str) -> str:
        if not self.strict:
            return "{" + name + "}"
        raise KeyError(f"message {self.key!r} needs the argument {name!r}")


def _argument(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return render(value.key, value.args, lang)
    if isinstance(value, dict) and "key" in value:
        return render(value["key"], value.get("args", {}), lang)
    if isinstance(value, dict) and "any_of" in value:
        choices = [_argument(choice, lang) for choice in value["any_of"]]
        return choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + _OR[lang] + choices[-1]
    if isinstance(value, (list, tuple)):
        parts = [_argument(item, lang) for item in value]
        nested = any(isinstance(item, Message) or (isinstance(item, dict) and "key" in item) for item in value)
        if not nested:
            return ", ".join(parts)
        return ("; " if lang == "en" else " ; ").join(part.rstrip(".") for part in parts)
    return str(value)


def notes(messages: list[Message]) -> Message | None:
    """Several notes as one message (None when there are none; the message itself when one)."""
    if not messages:
        return None
    if len(messages) == 1:
        return messages[0]
    return Message("notes", {"notes": [message.as_arg() for message in messages]})


def placeholders(key: str) -> set[str]:
    """The arguments a key's templates use (both languages)."""
    import string

    return {name for lang in LANGUAGES for _, name, _, _ in string.Formatter().parse(MESSAGES[key][lang])
            if name}
