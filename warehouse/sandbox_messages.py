"""Every message of the analysts' SQL sandbox, in French and English, under a stable code.

A query the sandbox refuses or cannot run raises ``SandboxError``, which carries
``code`` (a key of ``MESSAGES``), ``args`` (the values its message quotes: numbers,
names, DuckDB's own text) and ``kind`` (refused, syntax, timeout, error: how a
screen presents it). ``message`` is the English text, for the command line and the
SQL log; ``render(code, args, lang)`` (or ``error.text(lang)``) gives it in either
language, so a screen translates at its edge. DuckDB's own words (a syntax error,
a missing column) travel as the ``detail`` argument: they stay in DuckDB's English,
and the French templates say so.

Arguments are formatted for the language when rendered: integers with thousands
separators, decimals with the language's decimal mark, arguments named ``*_bytes``
as sizes (32 MB, 32 Mo).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["refused", "syntax", "timeout", "error"]
LANGUAGES = ("fr", "en")
READ_FORMS = "SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN"
NBSP = "\u00a0"  # the thousands separator and the space before ':' of the app's French (dashboard/i18n.py)


@dataclass(frozen=True)
class Message:
    kind: Kind
    en: str
    fr: str


def _french(text: str) -> str:
    """French spacing: a no-break space before ':' and ';' (between a number and its unit it is written in)."""
    return text.replace(" :", NBSP + ":").replace(" ;", NBSP + ";")


def _message(kind: Kind, en: str, fr: str) -> Message:
    return Message(kind, en, _french(fr))


def _refusal(en: str, fr: str) -> Message:
    return _message("refused", f"Refused: {en}", f"Requête refusée : {fr}")


# Why a statement that is not a read is refused: "Refused: {keyword} <reason>. Only read queries run here..."
STATEMENT_REASONS: dict[str, tuple[str, str]] = {
    "writes": ("writes data", "écrit des données"),
    "creates": ("creates an object (table, view, macro, secret; temporary ones too)",
                "crée un objet (table, vue, macro, secret, même temporaire)"),
    "drops": ("drops an object", "supprime un objet"),
    "alters": ("changes an object", "modifie un objet"),
    "copies": ("copies data to or from files", "copie des données depuis ou vers des fichiers"),
    "exports": ("writes files", "écrit des fichiers"),
    "copies_database": ("copies a database", "copie une base de données"),
    "attaches": ("attaches a database", "attache une base de données"),
    "detaches": ("detaches a database", "détache une base de données"),
    "sets": ("changes a setting, a variable or the current database (SET, RESET, USE)",
             "modifie un paramètre, une variable ou la base courante (SET, RESET, USE)"),
    "sets_variable": ("sets a variable", "définit une variable"),
    "pragma": ("runs a pragma, which can change settings or read files (IMPORT DATABASE is one); "
               "to inspect a table use DESCRIBE t or SELECT * FROM pragma_table_info('t')",
               "exécute un pragma, qui peut modifier des paramètres ou lire des fichiers (IMPORT DATABASE en est "
               "un) ; pour examiner une table, écrivez DESCRIBE t ou SELECT * FROM pragma_table_info('t')"),
    "loads_extension": ("installs or loads an extension", "installe ou charge une extension"),
    "extensions": ("manages extensions", "gère les extensions"),
    "calls": ("calls a procedure (CHECKPOINT is one); to read a table function write SELECT * FROM f(...)",
              "appelle une procédure (CHECKPOINT en est une) ; pour lire une fonction de table, écrivez "
              "SELECT * FROM f(...)"),
    "transaction": ("controls transactions, which the sandbox manages",
                    "pilote les transactions, que le bac à sable gère lui-même"),
    "prepares": ("prepares a statement", "prépare une instruction"),
    "executes": ("runs a prepared statement", "exécute une instruction préparée"),
    "maintains": ("maintains the database (VACUUM, ANALYZE)", "entretient la base (VACUUM, ANALYZE)"),
    "multi": ("runs several statements behind the scenes (PIVOT without an IN list does); "
              "list the values: PIVOT t ON column IN ('a', 'b') USING sum(x)",
              "exécute plusieurs instructions en coulisses (c'est le cas de PIVOT sans liste IN) ; "
              "énumérez les valeurs : PIVOT t ON colonne IN ('a', 'b') USING sum(x)"),
    "not_read": ("is not a read query", "n'est pas une requête de lecture"),
}

MESSAGES: dict[str, Message] = {
    **{f"statement.{reason}": _refusal(
        f"{{keyword}} {en}. Only read queries run here ({READ_FORMS}), one at a time.",
        f"{{keyword}} {fr}. Seules les requêtes de lecture s'exécutent ici ({READ_FORMS}), une à la fois.")
       for reason, (en, fr) in STATEMENT_REASONS.items()},
    "empty": _message(
        "refused",
        "Nothing to run: write one read query, e.g. select * from mart_talent_gap limit 10.",
        "Rien à exécuter : écrivez une requête de lecture, par exemple select * from mart_talent_gap limit 10."),
    "too_long": _refusal(
        "the query is {chars} characters long and the sandbox takes at most {cap} (WORKFORCE_SQL_MAX_QUERY_CHARS). "
        "Shorten it: filter with a condition or a join rather than a long list of values.",
        "la requête fait {chars} caractères et le bac à sable en accepte au plus {cap} "
        "(WORKFORCE_SQL_MAX_QUERY_CHARS). Raccourcissez-la : filtrez par une condition ou une jointure plutôt que "
        "par une longue liste de valeurs."),
    "not_text": _refusal(
        "the query is not UTF-8 text (character {position} is not a character); retype it, or save its file as "
        "UTF-8.",
        "la requête n'est pas du texte UTF-8 (le caractère {position} n'en est pas un) ; ressaisissez-la, ou "
        "enregistrez son fichier en UTF-8."),
    "several_statements": _refusal(
        "one statement per run, and this text holds {count} (separated by ';'). Run them one at a time.",
        "une seule instruction par exécution, et ce texte en contient {count} (séparées par des points-virgules). "
        "Exécutez-les une par une."),
    "read_only": _refusal(
        "the warehouse is read-only here; a query cannot write (not even in a WITH ... INSERT).",
        "l'entrepôt est en lecture seule ici ; une requête ne peut pas écrire (pas même dans un WITH ... INSERT)."),
    "outside": _refusal(
        "the sandbox reads the warehouse's tables only; files, URLs and extensions are out of reach. ({detail})",
        "le bac à sable ne lit que les tables de l'entrepôt ; fichiers, URL et extensions sont hors d'atteinte. "
        "(message de DuckDB, en anglais : {detail})"),
    "file_table": _refusal(
        "the sandbox reads the warehouse's tables only, not files or URLs ({name}).",
        "le bac à sable ne lit que les tables de l'entrepôt, pas des fichiers ni des URL ({name})."),
    "table_function": _refusal(
        "{name}() is not available here. The sandbox reads the warehouse's tables, with generators (range, "
        "generate_series, unnest) and the catalog's functions (duckdb_tables, duckdb_columns, pragma_table_info...); "
        "files, URLs and extensions are out of reach, and nothing can change the sandbox.",
        "{name}() n'est pas disponible ici. Le bac à sable lit les tables de l'entrepôt, avec des générateurs "
        "(range, generate_series, unnest) et les fonctions du catalogue (duckdb_tables, duckdb_columns, "
        "pragma_table_info...) ; fichiers, URL et extensions sont hors d'atteinte, et rien ne peut modifier le bac "
        "à sable."),
    "qualified_catalog_function": _refusal(
        "write {name}() without a catalog or schema: the sandbox shows its own version, without file paths.",
        "écrivez {name}() sans catalogue ni schéma : le bac à sable en montre sa propre version, sans chemins de "
        "fichiers."),
    "hidden_setting": _refusal(
        "the setting {name} holds file paths, which the sandbox does not show.",
        "le paramètre {name} contient des chemins de fichiers, que le bac à sable ne montre pas."),
    "setting_name": _refusal(
        "current_setting() takes the setting's name as a quoted text here, e.g. current_setting('threads').",
        "current_setting() prend ici le nom du paramètre entre apostrophes, par exemple "
        "current_setting('threads')."),
    "uncheckable": _refusal(
        "the sandbox could not list the tables and functions this query reads ({detail}); simplify it.",
        "le bac à sable n'a pas pu dresser la liste des tables et fonctions que lit cette requête "
        "(message de DuckDB, en anglais : {detail}) ; simplifiez-la."),
    "busy": _refusal(
        "the console is busy, try again in a moment ({running} queries are running and {waiting} waiting).",
        "la console est occupée, réessayez dans un instant ({running} requêtes en cours et {waiting} en attente)."),
    "syntax": _message(
        "syntax", "{detail}",
        "Erreur de syntaxe (message de DuckDB, en anglais) : {detail}"),
    "timeout": _message(
        "timeout",
        "Stopped at the time limit of {seconds} s. Filter or aggregate more, or add a LIMIT "
        "(the limit is WORKFORCE_SQL_TIME_LIMIT_S).",
        f"Requête arrêtée à la limite de temps de {{seconds}}{NBSP}s. Filtrez ou agrégez davantage, ou ajoutez un "
        "LIMIT (la limite est WORKFORCE_SQL_TIME_LIMIT_S)."),
    "unanswered": _message(
        "timeout",
        "Stopped: the query had not answered {seconds} s after it started (the time limit and a grace period), so "
        "its worker process was stopped and replaced. Filter or aggregate more, or add a LIMIT.",
        f"Requête arrêtée : elle n'avait pas répondu {{seconds}}{NBSP}s après son début (la limite de temps et "
        "un délai de grâce), son processus a donc été arrêté et remplacé. Filtrez ou agrégez davantage, ou ajoutez "
        "un LIMIT."),
    "memory": _message(
        "error",
        "The query needs more memory than the sandbox's {limit}. Filter or aggregate earlier, or select fewer "
        "columns (the limit is WORKFORCE_SQL_MEMORY_LIMIT).",
        "La requête demande plus de mémoire que les {limit} du bac à sable. Filtrez ou agrégez plus tôt, ou "
        "sélectionnez moins de colonnes (la limite est WORKFORCE_SQL_MEMORY_LIMIT)."),
    "worker_memory": _message(
        "error",
        "The query needed more memory than a sandbox worker may use ({cap_bytes}). Filter or aggregate earlier, or "
        "select fewer columns (the cap is WORKFORCE_SQL_WORKER_MEMORY).",
        "La requête a demandé plus de mémoire qu'un processus du bac à sable ne peut en utiliser ({cap_bytes}). "
        "Filtrez ou agrégez plus tôt, ou sélectionnez moins de colonnes (le plafond est "
        "WORKFORCE_SQL_WORKER_MEMORY)."),
    "result_too_big": _message(
        "error",
        "The result is larger than the {cap_bytes} the sandbox returns at most (WORKFORCE_SQL_RESULT_MAX_BYTES). "
        "Select fewer or narrower columns (e.g. left(text, 200)), aggregate, or add a LIMIT.",
        "Le résultat dépasse les {cap_bytes} que le bac à sable renvoie au plus (WORKFORCE_SQL_RESULT_MAX_BYTES). "
        "Sélectionnez moins de colonnes ou des colonnes plus courtes (par exemple left(texte, 200)), agrégez, ou "
        "ajoutez un LIMIT."),
    "unshowable": _message(
        "error",
        "A column of the result has a type that cannot be shown ({detail}); cast it, e.g. column::varchar.",
        "Une colonne du résultat a un type qui ne peut pas être affiché ({detail}) ; convertissez-la, par "
        "exemple colonne::varchar."),
    "internal": _message(
        "error",
        "DuckDB failed inside on this query ({detail}); nothing else was affected. Rewrite the query, "
        "e.g. cast unusual columns to varchar.",
        "DuckDB a échoué en interne sur cette requête (message de DuckDB, en anglais : {detail}) ; rien "
        "d'autre n'a été touché. Réécrivez la requête, par exemple en convertissant les colonnes inhabituelles en "
        "varchar."),
    "worker_stopped": _message(
        "error",
        "The query's worker process stopped ({reason}) before it answered, most often for lack of memory; "
        "nothing else was affected. Filter or aggregate earlier, or select fewer columns.",
        "Le processus qui exécutait la requête s'est arrêté ({reason}) avant de répondre, le plus souvent faute de "
        "mémoire ; rien d'autre n'a été touché. Filtrez ou agrégez plus tôt, ou sélectionnez moins de "
        "colonnes."),
    "cannot_start": _message(
        "error",
        "The sandbox could not start a worker process ({detail}); try again, and if it persists check the "
        "WORKFORCE_SQL_WORKER_* settings.",
        "Le bac à sable n'a pas pu démarrer de processus ({detail}) ; réessayez, et si cela persiste, "
        "vérifiez les paramètres WORKFORCE_SQL_WORKER_*."),
    "failed": _message(
        "error", "{detail}",
        "La requête a échoué (message de DuckDB, en anglais) : {detail}"),
    "no_warehouse": _message(
        "error",
        "No warehouse at {name}. Build one with `workforce demo --out DIR` then `workforce ingest DIR`, or start "
        "the app once to load the demonstration data.",
        "Aucun entrepôt à {name}. Construisez-en un avec `workforce demo --out DOSSIER` puis "
        "`workforce ingest DOSSIER`, ou démarrez l'application une fois pour charger les données de démonstration."),
    "cannot_open": _message(
        "error",
        "The sandbox could not open the warehouse {name} ({detail}). The file may be damaged: load the files "
        "again with `workforce ingest`, or restore a copy.",
        "Le bac à sable n'a pas pu ouvrir l'entrepôt {name} (message de DuckDB, en anglais : {detail}). "
        "Le fichier est peut-être endommagé : chargez de nouveau les fichiers avec `workforce ingest`, ou "
        "restaurez une copie."),
    "log_unwritable": _message(
        "error",
        "Could not write the SQL log {name} ({reason}); every query is logged, so none runs until it can be: set "
        "WORKFORCE_SQL_LOG_PATH to a writable file.",
        "Impossible d'écrire le journal SQL {name} ({reason}) ; chaque requête y est consignée, aucune ne "
        "s'exécute donc tant qu'il ne peut pas l'être : indiquez un fichier accessible en écriture dans "
        "WORKFORCE_SQL_LOG_PATH."),
}


def placeholders(template: str) -> set[str]:
    """The names a template quotes: {seconds} and {seconds:g} both give 'seconds'."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _size(value: int, lang: str) -> str:
    units = ("B", "kB", "MB", "GB", "TB") if lang == "en" else ("o", "ko", "Mo", "Go", "To")
    amount, unit = float(value), 0
    while amount >= 1000 and unit < len(units) - 1:
        amount, unit = amount / 1000, unit + 1
    return f"{_number(round(amount, 1), lang)} {units[unit]}".replace(" ", NBSP if lang == "fr" else " ")


def _number(value: int | float, lang: str) -> str:
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"
    return text.replace(",", NBSP).replace(".", ",") if lang == "fr" else text


def _formatted(name: str, value: Any, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return _size(value, lang) if name.endswith("_bytes") else _number(value, lang)


def render(code: str, args: dict[str, Any], lang: str) -> str:
    """The message of ``code`` in ``lang`` (fr or en), its arguments formatted for that language."""
    template = getattr(MESSAGES[code], lang if lang in LANGUAGES else "en")
    return template.format(**{name: _formatted(name, value, lang) for name, value in args.items()})


class SandboxError(Exception):
    """A query the sandbox refused or could not run, with a message for the person who wrote it.

    ``kind`` is ``refused`` (not a single read statement, it reached for a file,
    URL, extension, setting or path, or the console is busy), ``syntax``,
    ``timeout`` or ``error``. ``code`` and ``args`` name the message in
    ``MESSAGES`` and the values it quotes (``render`` translates them); ``message``
    is the English text. ``SandboxError.of(code, **args)`` builds one from the table.
    """

    def __init__(self, kind: Kind, message: str, code: str | None = None,
                 args: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code = code
        self._message_args = dict(args or {})

    @classmethod
    def of(cls, code: str, **args: Any) -> SandboxError:
        return cls(MESSAGES[code].kind, render(code, args, "en"), code, args)

    @property
    def args(self) -> dict[str, Any]:  # the message's values, in place of Exception's tuple (str() still works)
        return self._message_args

    def text(self, lang: str) -> str:
        """The message in ``lang``; an error made without a code has its English message only."""
        return render(self.code, self.args, lang) if self.code else self.message

    def __reduce__(self):
        return type(self), (self.kind, self.message, self.code, self._message_args)
