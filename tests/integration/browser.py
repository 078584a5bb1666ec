"""What the browser tests share: opening a page, picking in a dropdown, reading numbers as shown."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.i18n import NBSP

NO_DATA = "Aucune donnée pour ces filtres"


def shown(text: str) -> str:
    """A formatted number as the browser reports its text (WebDriver turns no-break spaces into spaces)."""
    return text.replace(NBSP, " ")


def scalar(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()[0][0]


def open_page(dash_duo, app, path: str) -> None:
    dash_duo.start_server(app)
    dash_duo.wait_timeout = 30  # the 2-core test machine is shared: give slow callbacks time
    dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")


def open_signed_in(dash_duo, app, name: str, path: str) -> None:
    """Start the app, sign in with the login form as a person of tests/accounts_factory, open the path."""
    from tests.accounts_factory import PASSWORD

    dash_duo.server(app)  # not start_server: it waits for the dashboard at /, which now asks to sign in
    dash_duo.wait_timeout = 30
    dash_duo.driver.get(f"{dash_duo.server.url}/login")
    dash_duo.find_element("#username").send_keys(name)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.server_url = dash_duo.server.url  # signed in: the dashboard at / answers
    dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")


def pick(dash_duo, dropdown_id: str, label: str) -> None:
    dash_duo.select_dcc_dropdown(f"#{dropdown_id}", value=label)
    ActionChains(dash_duo.driver).send_keys(Keys.ESCAPE).perform()  # close the menu


def url_has(dash_duo, fragment: str) -> None:
    until(lambda: fragment in dash_duo.driver.current_url, timeout=30,
          msg=f"{fragment!r} never reached the address bar: {dash_duo.driver.current_url}")


def click(dash_duo, selector: str) -> None:
    """Scroll the element to the middle of the window (clear of the sticky filter bar), then click it."""
    element = dash_duo.find_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def downloaded_csv(dash_duo, card_id: str) -> pl.DataFrame:
    """The card's CSV as the browser downloaded it, read in its dialect (the file name ends in -fr or -en),
    its headers (in the page's language) turned back into the column names the tests know."""
    from dashboard.downloads import header_names

    folder = Path(dash_duo.download_path)
    click(dash_duo, f"#card-{card_id} button:first-child")
    until(lambda: any(path.suffix == ".csv" and path.name.startswith(card_id) for path in folder.iterdir()),
          timeout=30, msg=f"no CSV downloaded for {card_id}")
    [path] = [path for path in folder.iterdir() if path.suffix == ".csv" and path.name.startswith(card_id)]
    lang = "fr" if path.stem.endswith("-fr") else "en"
    frame = pl.read_csv(path, infer_schema=False, separator=";" if lang == "fr" else ",")
    names = header_names(lang)
    return frame.rename({column: names.get(column.removesuffix(" (%)"), column) for column in frame.columns})


def card_frame(card_id: str, ctx) -> pl.DataFrame:
    """What a card shows as a plain frame, as a reader of its file sees it: a column with a withheld cell
    is text, the cell its words."""
    from dashboard.downloads import card_answer
    from dashboard.privacy import withheld_text
    from dashboard.protection import PROTECTED, visible_columns

    frame = card_answer(card_id, ctx)
    withheld = [name for name in visible_columns(frame) if name + PROTECTED in frame.columns
                and frame[name + PROTECTED].is_not_null().any()]
    return frame.with_columns(
        pl.when(pl.col(name + PROTECTED).is_null()).then(pl.col(name).cast(pl.String))
        .otherwise(pl.col(name + PROTECTED).replace_strict(
            {reason: withheld_text(reason, ctx.lang) for reason in ("small", "secret")}, default=None))
        .alias(name)
        for name in withheld
    ).select(visible_columns(frame))
