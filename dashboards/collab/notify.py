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


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email (a digest's picture of its view)."""

    filename: str
    content: bytes
    maintype: str = "image"
    subtype: str = "png"


def send_email(d: Delivery, to: str, subject: str, text: str,
               attachments: tuple[Attachment, ...] = ()) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = d.mail_from, to, subject
    message.set_content(text)
    for a in attachments:
        message.add_attachment(a.content, maintype=a.maintype, subtype=a.subtype,
                               filename=a.filename)
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


def announce(d: Delivery, text: str, link: str) -> None:
    """Post to the team's webhook (when configured), with a link to the view."""
    if d.webhook_url:
        try:
            send_webhook(d, f"{slack_escape(text)} <{d.public_url + link}|open>")
        except OSError as error:
            log.warning("webhook failed: %s", error)


def notify(s: Session, d: Delivery, user: User, kind: str, text: str, link: str, *,
           webhook: bool = True) -> None:
    """Tell a user something: in the app always, by email and (unless the caller posts one
    message for many users itself) by webhook when configured."""
    s.add(Notification(user_id=user.id, kind=kind, text=text, link=link))
    if d.smtp_host and not user.disabled:
        try:
            send_email(d, user.email, f"journeymap: {kind}", f"{text}\n\n{d.public_url + link}\n")
        except OSError as error:
            log.warning("email to %s failed: %s", user.email, error)
    if webhook:
        announce(d, text, link)
