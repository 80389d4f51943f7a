"""Notifications: a row each user sees in the app, an email (SMTP) and a webhook message in
Slack's format (`{"text": ...}`), each delivered when configured.

Delivery failures are logged, never raised: a comment is saved even when the mail server is
down (the in-app notification is already there).
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy.orm import Session

from dashboards.collab.models import Notification, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """Where notifications go beyond the app (None: not configured)."""

    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "journeymap@localhost"
    webhook_url: str | None = None
    public_url: str = ""


def send_email(d: Delivery, to: str, subject: str, text: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = d.mail_from, to, subject
    message.set_content(text)
    with smtplib.SMTP(d.smtp_host, d.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)


def slack_escape(text: str) -> str:
    """Slack's escaping of message text: &, < and > would otherwise be markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def send_webhook(d: Delivery, text: str) -> None:
    """POST Slack's incoming-webhook format (also read by Mattermost, Teams' Slack mode)."""
    request = urllib.request.Request(
        d.webhook_url, data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def notify(s: Session, d: Delivery, user: User, kind: str, text: str, link: str) -> None:
    """Tell a user something: in the app always, by email and webhook when configured."""
    s.add(Notification(user_id=user.id, kind=kind, text=text, link=link))
    url = d.public_url + link
    if d.smtp_host and not user.disabled:
        try:
            send_email(d, user.email, f"journeymap: {kind}", f"{text}\n\n{url}\n")
        except OSError as error:
            log.warning("email to %s failed: %s", user.email, error)
    if d.webhook_url:
        try:
            send_webhook(d, f"{slack_escape(text)} <{url}|open>")
        except OSError as error:
            log.warning("webhook failed: %s", error)
