"""Commands of the workspace room: `serve` the web app, manage its `users`, publish a
`snapshot`, send the due `digest`s of saved views."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeymap.commands.base import add_command, print_json


def cmd_serve(args: argparse.Namespace) -> None:
    from dashboards import build_workspace, publish_snapshot
    from dashboards.config import from_env
    from dashboards.server import serve_forever

    config = from_env(host=args.host, port=args.port, auth=args.auth,
                      snapshots_dir=args.snapshots).validate()
    if args.db:
        path = publish_snapshot(Path(args.db), config.snapshots_dir)
        print(f"published {path}")
    app = build_workspace(config)
    print(f"journeymap workspace on http://{config.host}:{config.port} "
          f"(snapshots: {config.snapshots_dir}, auth: {config.auth})", flush=True)
    serve_forever(app, config.host, config.port)


def cmd_snapshot(args: argparse.Namespace) -> None:
    from dashboards import publish_snapshot

    path = publish_snapshot(Path(args.db), Path(args.snapshots), keep=args.keep)
    if args.json:
        print_json({"snapshot": str(path)})
    else:
        print(path)


def cmd_digest(args: argparse.Namespace) -> None:
    from dashboards.config import from_env
    from dashboards.digest import send_due_digests

    sent = send_due_digests(from_env(snapshots_dir=args.snapshots), pictures=not args.no_pictures)
    if args.json:
        print_json([{"view": d.view, "to": d.to, "picture": d.picture} for d in sent])
        return
    for d in sent:
        print(f"sent {d.view!r} to {d.to}{'' if d.picture else ' (no picture)'}")
    print(f"{len(sent)} digest{'s' if len(sent) != 1 else ''} sent")


def cmd_users(args: argparse.Namespace) -> None:
    import getpass
    import os

    from sqlalchemy import select

    from dashboards.collab import open_store
    from dashboards.collab.accounts import add_user, disable_user, find_user, set_role
    from dashboards.collab.models import Role, User
    from dashboards.config import from_env

    store = open_store(args.store or from_env().collab_url)
    with store.session() as s:
        if args.action == "add":
            password = os.environ.get("JOURNEYMAP_PASSWORD") or (
                None if args.sso else getpass.getpass(f"password for {args.email}: "))
            add_user(s, args.email, args.name or args.email.split("@")[0], password, args.role)
        elif args.action == "disable":
            disable_user(s, find_user(s, args.email))
        elif args.action == "role":
            set_role(s, find_user(s, args.email), args.role, args.map or "*")
        rows = [{"email": u.email, "name": u.name, "disabled": u.disabled,
                 "roles": {r.scope: r.role for r in s.scalars(
                     select(Role).where(Role.user_id == u.id))}}
                for u in s.scalars(select(User).order_by(User.email))]
    if args.json:
        print_json(rows)
        return
    for r in rows:
        roles = ", ".join(f"{k}={v}" for k, v in r["roles"].items())
        print(f"{r['email']:<32} @{r['name']:<16} {roles}{'  (disabled)' if r['disabled'] else ''}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "serve", cmd_serve,
                    "Serve the workspace (web app) over the newest snapshot of the results.")
    p.add_argument("--snapshots", type=Path, help="snapshots folder (JOURNEYMAP_SNAPSHOTS; "
                   "default PROJECT/snapshots)")
    p.add_argument("--db", help="publish a snapshot of this store first (no writer may hold it)")
    p.add_argument("--host", help="address to bind (default 127.0.0.1; another address "
                   "needs --auth password or header)")
    p.add_argument("--port", type=int, help="port (default 8050)")
    p.add_argument("--auth", choices=["none", "password", "header"],
                   help="how users sign in (JOURNEYMAP_AUTH; default none: loopback only)")

    p = add_command(sub, "users", cmd_users,
                    "List, add or disable workspace users, and set their roles.")
    p.add_argument("action", choices=["list", "add", "disable", "role"])
    p.add_argument("email", nargs="?", help="the user's email (or @name for disable/role)")
    p.add_argument("--name",
                   help="the @handle used in mentions (add; default: the email's local part)")
    p.add_argument("--role", choices=["viewer", "editor", "owner"], default="viewer",
                   help="workspace role (add), or the role to give (role)")
    p.add_argument("--map", help="persona whose map the role is over (role; default: all)")
    p.add_argument("--sso", action="store_true",
                   help="no password: the user signs in through the proxy's header")
    p.add_argument("--store", help="collaboration store URL (JOURNEYMAP_WORKSPACE_DB)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add_command(sub, "digest", cmd_digest,
                    "Email the saved views whose daily or weekly digest is due (the pipeline's "
                    "daily schedule runs this).")
    p.add_argument("--snapshots", type=Path, help="snapshots folder (JOURNEYMAP_SNAPSHOTS; "
                   "default PROJECT/snapshots)")
    p.add_argument("--no-pictures", action="store_true",
                   help="send the figures as text only (no Chromium needed)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add_command(sub, "snapshot", cmd_snapshot,
                    "Publish a read-only snapshot of the store for the workspace to serve.")
    p.add_argument("--db", required=True, help="DuckDB store file (no writer may hold it)")
    p.add_argument("--snapshots", required=True, help="snapshots folder")
    p.add_argument("--keep", type=int, default=10, help="snapshots kept (default 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
