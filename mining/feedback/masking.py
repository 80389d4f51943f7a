"""Personal data out of stored quotes: emails, phone numbers and people's names.

What is masked (each replaced by a bracketed tag, so a reader sees that something was there):
- `[email]`: anything shaped like an address (local@domain.tld);
- `[phone]`: a run of digits, spaces, dots, dashes, slashes and brackets, optionally after `+`,
  holding at least 7 digits, unless it is a date (order numbers that long are masked too:
  better one too many);
- `[name]`: (1) a capitalised word that is a known name of the store: first and last names from
  the customers' traits (`first_name`, `last_name`, `name` ...) and the name parts of email
  addresses the store holds (`ada.meyer12@...` gives Ada and Meyer); (2) the one or two
  capitalised words after a cue that introduces a person in the five languages of the data
  (greetings and thanks: "Hi", "Thanks", "Hallo", "Danke", "Ciao", "Grazie", "Hej", "Tack",
  "Tak"; titles: "Mr", "Mrs", "Herr", "Frau", "Signor", "Signora"; roles: "agent", "colleague",
  "Kollege", "collega"; "spoke to", "named", "called").
Names written in lower case and names without a cue that the store does not know stay: masking
is a heuristic, documented so nobody takes it for a guarantee.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import duckdb

from mining.catalog import existing_relations

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])\+?\d[\d\s().\-/]{5,}\d(?!\w)")
MIN_PHONE_DIGITS = 7
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
CUES = (
    r"hi|hello|hey|dear|thanks|thank you|mr|mrs|ms|miss|dr|agent|colleague|named|called"
    r"|spoke (?:to|with)|talked (?:to|with)|hallo|liebe|lieber|herr|frau|danke|kollege"
    r"|kollegin|ciao|caro|cara|gentile|signor|signora|grazie|collega|hej|tack|kære|kaere|tak"
)
AFTER_CUE = re.compile(rf"\b((?i:{CUES}))(\.?[\s,]+)({CAPITALISED}(?:\s+{CAPITALISED})?)")
WORD = re.compile(CAPITALISED)
NAME_TRAITS = ("first_name", "last_name", "firstname", "lastname", "name", "full_name",
               "contact_name", "given_name", "family_name")
MIN_NAME_LENGTH = 3  # shorter parts of names ("Al", "Jo") are too often ordinary words


class Masker:
    """Masks emails, phone numbers and names in text (see the module docstring)."""

    def __init__(self, known_names: Iterable[str] = ()) -> None:
        self.known = {n.casefold() for n in known_names if len(n) >= MIN_NAME_LENGTH}

    def __call__(self, text: str) -> str:
        text = EMAIL.sub("[email]", text)
        text = PHONE.sub(_phone, text)
        text = AFTER_CUE.sub(lambda m: f"{m.group(1)}{m.group(2)}[name]", text)
        if self.known:
            text = WORD.sub(lambda m: "[name]" if m.group(0).casefold() in self.known
                            else m.group(0), text)
        return text


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    if DATE.fullmatch(text.strip()) or sum(c.isdigit() for c in text) < MIN_PHONE_DIGITS:
        return text
    return "[phone]"


def name_parts(value: str) -> list[str]:
    """The alphabetic parts of a name or of an email's local part ('ada.meyer12' -> Ada,
    Meyer)."""
    return [part for part in re.split(r"[^\w]+|\d+|_", value) if part.isalpha()]


def known_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names the store knows: name traits and the local parts of email identifiers."""
    names: set[str] = set()
    present = existing_relations(con, "traits", "identities")
    if "traits" in present:
        rows = con.execute("SELECT DISTINCT value FROM traits WHERE list_contains(?, name) "
                           "AND value IS NOT NULL", [list(NAME_TRAITS)]).fetchall()
        names.update(part for (value,) in rows for part in name_parts(value))
    if "identities" in present:
        rows = con.execute("SELECT DISTINCT split_part(identifier_key[7:], '@', 1) FROM identities "
                           "WHERE starts_with(identifier_key, 'email:')").fetchall()
        names.update(part for (value,) in rows for part in name_parts(value))
    return {name for name in names if len(name) >= MIN_NAME_LENGTH}
