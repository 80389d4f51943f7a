"""Talking to a running workspace over HTTP as a browser would (cookies, forms, Dash's
page-drawing callback), for the tests that need no JavaScript."""

from __future__ import annotations

import json
import re

import requests

PASSWORD = "correct horse battery staple"
TEAM = {  # name: (email, workspace role)
    "ana": ("ana@example.com", "owner"),
    "ben": ("ben@example.com", "editor"),
    "vic": ("vic@example.com", "viewer"),
}


class Client:
    """One signed-in (or anonymous) browser session on the workspace at `base`."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()

    def sign_in(self, name: str) -> Client:
        response = self.http.post(f"{self.base}/login", data={
            "email": TEAM[name][0], "password": PASSWORD, "next": "/"}, allow_redirects=False)
        assert response.status_code == 303, response.text
        return self

    @property
    def csrf(self) -> str:
        return self.http.get(f"{self.base}/api/me").json()["csrf_token"]

    def post(self, action: str, **form: object) -> requests.Response:
        """A form post with the session's CSRF token (unless the form names its own)."""
        form.setdefault("csrf_token", self.csrf)
        form.setdefault("next", "/")
        return self.http.post(f"{self.base}{action}", data=form, allow_redirects=False)

    def upload(self, action: str, name: str, content: bytes, **form: object) -> requests.Response:
        """A multipart form post of one file (field `file`) with the session's CSRF token."""
        form.setdefault("csrf_token", self.csrf)
        form.setdefault("next", "/")
        return self.http.post(f"{self.base}{action}", data=form, allow_redirects=False,
                              files={"file": (name, content, "application/yaml")})

    def page(self, pathname: str, search: str = "") -> str:
        """The page as Dash draws it (the JSON of its components; text values escaped)."""
        body = {
            "output": "page.children", "outputs": {"id": "page", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": pathname},
                       {"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"], "state": [],
        }
        response = self.http.post(f"{self.base}/_dash-update-component", json=body)
        assert response.status_code == 200, response.text
        drawn = response.json()
        for placeholder in deferred_parts(drawn):  # as the browser fills them, right after
            placeholder["children"] = self.deferred(placeholder["id"], pathname, search)
        return json.dumps(drawn)

    def deferred(self, part_id: dict, pathname: str, search: str) -> object:
        """A part drawn after its page (`dashboards.components.deferred`), as Dash asks it once
        the page's figures are drawn (the part's store then holds true)."""
        after = {**part_id, "type": "deferred-after"}
        body = {
            "output": '{"part":["MATCH"],"type":"deferred"}.children',
            "outputs": {"id": part_id, "property": "children"},
            "inputs": [{"id": after, "property": "data", "value": True}],
            "state": [{"id": part_id, "property": "id", "value": part_id},
                      {"id": "url", "property": "pathname", "value": pathname},
                      {"id": "url", "property": "search", "value": search}],
            "changedPropIds": [f"{json.dumps(after, separators=(',', ':'), sort_keys=True)}.data"],
        }
        response = self.http.post(f"{self.base}/_dash-update-component", json=body)
        assert response.status_code == 200, response.text
        return next(iter(response.json()["response"].values()))["children"]


def deferred_parts(node: object) -> list[dict]:
    """The props of every placeholder of a part drawn after the page, in a drawn page."""
    if isinstance(node, list):
        return [p for child in node for p in deferred_parts(child)]
    if not isinstance(node, dict):
        return []
    props = node.get("props")
    if isinstance(props, dict) and isinstance(props.get("id"), dict) \
            and props["id"].get("type") == "deferred":
        return [props]
    return [p for value in node.values() for p in deferred_parts(value)]


def form_value(page: str, name: str) -> str:
    """The value of the first hidden form field `name` on a drawn page."""
    found = re.search(r'"value": "([^"]*)", "type": "hidden", "name": "' + name + '"', page)
    assert found, f"no field {name} on the page"
    return found.group(1)
