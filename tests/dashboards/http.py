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
        return json.dumps(response.json())


def form_value(page: str, name: str) -> str:
    """The value of the first hidden form field `name` on a drawn page."""
    found = re.search(r'"value": "([^"]*)", "type": "hidden", "name": "' + name + '"', page)
    assert found, f"no field {name} on the page"
    return found.group(1)
