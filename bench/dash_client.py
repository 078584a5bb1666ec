"""The callback requests a browser posts for a page of the app, without a browser.

A Dash page loads in two steps: the router callback (``_pages_location`` -> ``_pages_content``)
answers the page's layout, then every server callback whose inputs all sit in that layout (and
that is not ``prevent_initial_call``) is posted with the inputs' and states' values from it. A
change of a filter posts every server callback with that filter among its inputs. ``Page`` does
what dash-renderer does for these two cases, from ``/_dash-dependencies`` and the answers
themselves, so the load benchmark (bench_load.py) and the callback breakdown (bench_callbacks.py)
replay the real pages' sequences and follow the app when a callback is added or changed.

Pattern-matching ids with ALL (the nav links, the download buttons) are filled with every
component of the layout that matches. Clientside callbacks run in the browser and are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."
Post = Callable[[dict], dict]  # a payload -> the JSON answer of /_dash-update-component


def _id_key(component_id: Any) -> str:
    return (json.dumps(component_id, sort_keys=True, separators=(",", ":")) if isinstance(component_id, dict)
            else component_id)  # as Dash writes the keys of its answers


def _parse_id(text: str) -> Any:
    return json.loads(text) if text.startswith("{") else text


def _outputs(output: str) -> list[tuple[Any, str]]:
    """(id, property) of each output of a dependencies entry's output string."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    found = []
    for part in parts:
        component, _, prop = part.rpartition(".")
        found.append((_parse_id(component), prop.split("@")[0]))
    return found


def _wildcard(component_id: Any) -> bool:
    return isinstance(component_id, dict) and any(isinstance(value, list) for value in component_id.values())


def _matches(pattern: dict, component_id: Any) -> bool:
    return (isinstance(component_id, dict) and component_id.keys() == pattern.keys()
            and all(isinstance(value, list) or component_id[key] == value for key, value in pattern.items()))


def walk(tree: Any) -> Iterable[dict]:
    """Every component (a dict with type and props) of a layout tree."""
    if isinstance(tree, list):
        for item in tree:
            yield from walk(item)
    elif isinstance(tree, dict):
        if "props" in tree and "type" in tree:
            yield tree
            for value in tree["props"].values():
                yield from walk(value)
        else:
            for value in tree.values():
                yield from walk(value)


@dataclass
class Page:
    """One page as a browser holds it: the app's dependencies and the props of every component shown."""

    dependencies: list[dict]
    props: dict[str, dict] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def add(self, tree: Any) -> set[str]:
        """Register the components of a layout tree; return their id keys."""
        added = set()
        for component in walk(tree):
            component_id = component["props"].get("id")
            if component_id is None:
                continue
            key = _id_key(component_id)
            self.props[key] = component["props"]
            self.ids[key] = component_id
            added.add(key)
        return added

    def _present(self, dependency: dict) -> bool:
        """Whether the page shows the callback's inputs and outputs (the renderer skips it otherwise)."""
        ids = [_parse_id(item["id"]) for item in dependency["inputs"]]
        ids += [component_id for component_id, _ in _outputs(dependency["output"])]
        return all(_wildcard(component_id) or _id_key(component_id) in self.props for component_id in ids)

    def _values(self, items: list[dict]) -> list[Any]:
        values = []
        for item in items:
            component_id = _parse_id(item["id"])
            if _wildcard(component_id):
                values.append([{"id": self.ids[key], "property": item["property"],
                                "value": self.props[key].get(item["property"])}
                               for key in self.props if _matches(component_id, self.ids[key])])
            else:
                values.append({"id": component_id, "property": item["property"],
                               "value": self.props.get(_id_key(component_id), {}).get(item["property"])})
        return values

    def payload(self, dependency: dict, changed: Iterable[str] = ()) -> dict:
        outputs = []
        for component_id, prop in _outputs(dependency["output"]):
            if _wildcard(component_id):
                outputs.append([{"id": self.ids[key], "property": prop}
                                for key in self.props if _matches(component_id, self.ids[key])])
            else:
                outputs.append({"id": component_id, "property": prop})
        return {"output": dependency["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": self._values(dependency["inputs"]), "state": self._values(dependency["state"]),
                "changedPropIds": list(changed)}

    def server_callbacks(self) -> list[dict]:
        return [dependency for dependency in self.dependencies
                if not dependency.get("clientside_function") and dependency["output"] != ROUTER_OUTPUT]

    def initial(self, added: set[str]) -> list[dict]:
        """The payloads posted once components are added: callbacks with an input among them."""
        return [self.payload(dependency) for dependency in self.server_callbacks()
                if not dependency.get("prevent_initial_call") and self._present(dependency)
                and any(_id_key(_parse_id(item["id"])) in added for item in dependency["inputs"])]

    def change(self, component_id: str, prop: str, value: Any) -> list[dict]:
        """Set a prop as a person would (a filter), and return the payloads that change posts."""
        self.props[_id_key(component_id)][prop] = value
        changed = f"{component_id}.{prop}"
        return [self.payload(dependency, [changed]) for dependency in self.server_callbacks()
                if self._present(dependency)
                and any(f"{item['id']}.{item['property']}" == changed for item in dependency["inputs"])]

    def apply(self, answer: dict) -> set[str]:
        """Take a callback's answer into the page: new props, and the components it adds."""
        added = set()
        for key, props in answer.get("response", {}).items():
            for prop, value in props.items():
                added |= self.add(value)
                if key in self.props:
                    self.props[key][prop] = value
        return added


def router_payload(url: str) -> dict:
    parts = urlsplit(url)
    search = f"?{parts.query}" if parts.query else ""
    return {"output": ROUTER_OUTPUT,
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": parts.path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname", "_pages_location.search"], "state": []}


def open_page(dependencies: list[dict], url: str, post: Post) -> tuple[Page, list[dict]]:
    """Post the router's request for a page; return the page and the payloads of its callbacks."""
    page = Page(dependencies)
    added = page.apply(post(router_payload(url)))
    return page, page.initial(added)


def label(payload: dict) -> str:
    """A callback's name in reports: its first output."""
    first = payload["outputs"][0] if isinstance(payload["outputs"], list) else payload["outputs"]
    if isinstance(first, list):
        first = first[0] if first else {"id": "?", "property": "?"}
    component = first["id"] if isinstance(first["id"], str) else json.dumps(first["id"])
    return f"{component}.{first['property']}"


def filter_options(page: Page, component_id: str) -> list[Any]:
    """The values a dropdown of the page offers."""
    return [option["value"] if isinstance(option, dict) else option
            for option in page.props.get(component_id, {}).get("options", [])]


def sign_in(session, base: str, name: str, password: str) -> None:
    """Sign a requests.Session in through /login with its form's CSRF token, as a person does."""
    form = session.get(f"{base}/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    answer = session.post(f"{base}/login", data={"username": name, "password": password, "csrf_token": token,
                                                 "next": "/"}, allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise RuntimeError(f"{name} could not sign in: {answer.status_code}")


def poster(session, base: str, timeout: float = 60) -> Post:
    """A Post for a signed-in requests.Session: the callback's answer, or an error naming it."""
    def post(payload: dict) -> dict:
        answer = session.post(f"{base}/_dash-update-component", json=payload, timeout=timeout)
        if answer.status_code == 204:
            return {}
        if answer.status_code != 200:
            raise RuntimeError(f"{label(payload)} answered {answer.status_code}: {answer.text[:200]}")
        return answer.json()

    return post
