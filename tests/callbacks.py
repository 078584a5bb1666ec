"""Posting a Dash callback the way a browser (or a forger) would, to test what the server answers.

    status, answer = forge(client, "hiring-employers.children", {"filter-trade": ["QC"], "page-lang": "en"})

Every input and state of the callback whose output names the fragment gets the value given for its
component id, or for its "id.property" (None otherwise; pattern-matching ones an empty list).
"""

from __future__ import annotations

import json


def dependency(client, output_fragment: str) -> dict:
    return next(item for item in client.get("/_dash-dependencies").get_json() if output_fragment in item["output"])


def forge(client, output_fragment: str, values: dict[str, object]) -> tuple[int, dict | None]:
    """Post the callback whose output names the fragment, every input and state given a value."""
    spec = dependency(client, output_fragment)

    def filled(items):
        return [{"id": json.loads(item["id"]) if item["id"].startswith("{") else item["id"],
                 "property": item["property"],
                 "value": values.get(f"{item['id']}.{item['property']}", values.get(item["id"]))}
                if not item["id"].startswith("{") else [] for item in items]

    outputs = [part for part in spec["output"].strip(".").split("...")]
    payload = {
        "output": spec["output"],
        "outputs": [{"id": json.loads(part.rsplit(".", 1)[0]) if part.startswith("{") else part.rsplit(".", 1)[0],
                     "property": part.rsplit(".", 1)[1].split("@")[0]} for part in outputs]
        if len(outputs) > 1 else {"id": outputs[0].rsplit(".", 1)[0], "property": outputs[0].rsplit(".", 1)[1]},
        "inputs": filled(spec["inputs"]), "state": filled(spec["state"]),
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=payload)
    return response.status_code, response.get_json() if response.status_code == 200 else None
