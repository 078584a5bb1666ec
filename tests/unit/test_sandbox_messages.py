"""The sandbox's messages: a stable code for each, French and English templates, rendered for the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse import sandbox_worker
from warehouse.publish import rebuilding
from warehouse.sandbox import Limits, SandboxError, run_sql
from warehouse.sandbox_messages import MESSAGES, NBSP, STATEMENT_REASONS, placeholders, render

SANDBOX_MODULES = ("sandbox.py", "sandbox_worker.py", "sandbox_pool.py", "sandbox_messages.py")


def codes_raised() -> set[str]:
    """Every code the sandbox's modules pass to SandboxError.of, and the statement refusals they build."""
    folder = Path(sandbox_worker.__file__).parent
    source = "\n".join((folder / name).read_text(encoding="utf-8") for name in SANDBOX_MODULES)
    literal = set(re.findall(r'SandboxError\.of\(\s*"([\w.]+)"', source))
    statements = {f"statement.{reason}" for reason in [*sandbox_worker._WHY_REFUSED.values(), "not_read"]}
    return literal | statements


def test_every_code_raised_has_both_languages_and_every_message_is_raised():
    raised = codes_raised()
    assert raised == set(MESSAGES)
    for code in raised:
        message = MESSAGES[code]
        assert message.en.strip() and message.fr.strip(), code
        assert placeholders(message.en) == placeholders(message.fr), code
        assert message.kind in ("refused", "syntax", "timeout", "error"), code


def test_statement_reasons_cover_every_refused_statement_type():
    assert set(sandbox_worker._WHY_REFUSED.values()) | {"not_read"} == set(STATEMENT_REASONS)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_french_messages_are_french(code):
    sample = {name: "x" for name in placeholders(MESSAGES[code].en)}
    french, english = render(code, sample, "fr"), render(code, sample, "en")
    assert french != english
    assert not re.search(r"\b(Refused|the query|Filter or|cannot|Nothing to run)\b", french), french
    assert " :" not in french and " ;" not in french  # a no-break space before : and ; in French
    if MESSAGES[code].kind == "refused" and code != "empty":
        assert french.startswith(f"Requête refusée{NBSP}: "), french


@pytest.mark.parametrize("code, args, lang, text", [
    ("timeout", {"seconds": 0.5}, "fr", f"Requête arrêtée à la limite de temps de 0,5{NBSP}s."),
    ("timeout", {"seconds": 10.0}, "en", "Stopped at the time limit of 10 s."),
    ("too_long", {"chars": 20_000_012, "cap": 100_000}, "fr",
     f"la requête fait 20{NBSP}000{NBSP}012 caractères et le bac à sable en accepte au plus 100{NBSP}000"),
    ("too_long", {"chars": 20_000_012, "cap": 100_000}, "en", "is 20,000,012 characters long"),
    ("result_too_big", {"cap_bytes": 32_000_000}, "fr", f"Le résultat dépasse les 32{NBSP}Mo"),
    ("result_too_big", {"cap_bytes": 1_500_000_000}, "en", "larger than the 1.5 GB"),
    ("busy", {"running": 2, "waiting": 4}, "fr",
     f"Requête refusée{NBSP}: la console est occupée, réessayez dans un instant (2 requêtes en cours et 4 en attente)."),
    ("statement.writes", {"keyword": "INSERT"}, "fr", f"Requête refusée{NBSP}: INSERT écrit des données."),
    ("syntax", {"detail": 'Parser Error: syntax error at or near "selec"'}, "fr",
     f'Erreur de syntaxe (message de DuckDB, en anglais){NBSP}: Parser Error: syntax error at or near "selec"'),
])
def test_arguments_are_formatted_for_the_language(code, args, lang, text):
    assert text in render(code, args, lang)


def test_an_error_carries_its_code_args_and_english_message_and_renders_in_french():
    error = SandboxError.of("timeout", seconds=0.5)
    assert (error.kind, error.code, error.args) == ("timeout", "timeout", {"seconds": 0.5})
    assert error.message == str(error) and error.message.startswith("Stopped at the time limit of 0.5 s.")
    assert error.text("fr").startswith(f"Requête arrêtée à la limite de temps de 0,5{NBSP}s.")
    assert error.text("en") == error.message


def test_an_error_made_the_old_way_keeps_its_message():
    error = SandboxError("refused", "Refused: DROP drops an object.")
    assert (error.kind, error.message, error.code, error.args) == ("refused", "Refused: DROP drops an object.",
                                                                    None, {})
    assert error.text("fr") == "Refused: DROP drops an object."


def test_errors_from_a_run_translate(tmp_path):
    db = tmp_path / "workforce.duckdb"
    with rebuilding(db) as con:
        con.execute("create table numbers as select range as n from range(3)")
    limits = Limits(time_limit_s=10.0, row_cap=10, memory_limit="256MB", threads=1)
    texts = {}
    for sql in ("drop table numbers", "select 1; select 2", "select * from read_blob('x')", "selec 1"):
        with pytest.raises(SandboxError) as caught:
            run_sql(sql, who="tester", db=db, limits=limits, log_path=tmp_path / "log.jsonl")
        assert caught.value.code in MESSAGES
        texts[sql] = caught.value.text("fr")
    assert texts["drop table numbers"].startswith(f"Requête refusée{NBSP}: DROP supprime un objet.")
    assert "une seule instruction par exécution, et ce texte en contient 2" in texts["select 1; select 2"]
    assert "read_blob() n'est pas disponible ici" in texts["select * from read_blob('x')"]
    assert texts["selec 1"].startswith("Erreur de syntaxe (message de DuckDB, en anglais)")
