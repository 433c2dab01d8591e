"""``umlauf`` — the command line of operators and of ``make up``.

umlauf up [--demo]          all services in one process (embedded default)
umlauf serve NAME           one service on RabbitMQ and its own database
umlauf migrate [NAME ...]   bring the services' databases up to date
umlauf demo                 load the Sportverein Neudorf set-up
umlauf token create LOGIN   print a new API token for an agent
umlauf dead-letters list|replay|drop [SERVICE ...] [--event ID]
                            what was given up: dead outbox rows, dead-letter queues
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import uuid

from shared.logging import configure_logging
from shared.settings import SERVICES, BusKind, Settings


async def _migrate(settings: Settings, names: list[str], *, first_admin: bool = True) -> None:
    """Migrate the databases; on RabbitMQ also declare every service's queues, so that
    events published before a consumer first started wait in its queue. An install
    without any agent gets a first administrator (unless the caller loads the demo)."""
    from shared.migrations import upgrade
    from umlauf.compose import service_for_admin

    for name in names:
        service = service_for_admin(settings, name)
        await asyncio.to_thread(upgrade, service.migrations, service.database.url)
        await service.database.dispose()
        print(f"migrated {name}")
    if first_admin and "tickets" in names and (admin := await _ensure_admin(settings)):
        print(f"created the first administrator: {admin[0]} / {admin[1]} (change the password)")
    if settings.bus is BusKind.RABBITMQ:
        await _declare_topology(settings)


async def _declare_topology(settings: Settings) -> None:
    from shared.bus import Subscription
    from shared.rabbit import RabbitBus
    from umlauf.compose import service_for_admin

    subscriptions = []
    for name in SERVICES:
        service = service_for_admin(settings, name)
        if service.handlers:
            subscriptions.append(Subscription(consumer=name, handlers=service.handlers.routes()))
        await service.database.dispose()
    await RabbitBus(settings).declare(subscriptions)
    print(f"declared queues on RabbitMQ for {', '.join(s.consumer for s in subscriptions)}")


async def _load_demo(settings: Settings) -> list[tuple[str, str, str]]:
    from services.tickets.admin import load_demo
    from umlauf.compose import service_for_admin, settings_for

    tickets = service_for_admin(settings, "tickets")
    try:
        return await load_demo(tickets.database, settings_for("tickets", settings))
    finally:
        await tickets.database.dispose()


async def _ensure_admin(settings: Settings) -> tuple[str, str] | None:
    from services.tickets.admin import ensure_first_admin
    from umlauf.compose import service_for_admin, settings_for

    tickets = service_for_admin(settings, "tickets")
    try:
        return await ensure_first_admin(tickets.database, settings_for("tickets", settings))
    finally:
        await tickets.database.dispose()


def _print_logins(rows: list[tuple[str, str, str]]) -> None:
    print("  Logins:")
    for login, password, what in rows:
        print(f"    {login:<14} {password:<20} {what}")


async def _up(settings: Settings, demo: bool) -> None:
    from umlauf.compose import embedded_runtime, settings_for

    await _migrate(settings, list(SERVICES), first_admin=False)
    rows = await _load_demo(settings) if demo else []
    first_admin = await _ensure_admin(settings)
    runtime, services = embedded_runtime(settings)
    await runtime.start()
    print(f"\nUmlauf is running (embedded, data in {settings.var_dir.resolve()}).")
    gateway, ingest, notify = (settings_for(name, settings) for name in ("gateway", "ingest", "notify"))
    print(f"  Web UI and API:  http://{settings.host}:{gateway.port}/  (REST under /api/v1)")
    print(f"  SMTP intake:     {ingest.smtp_host}:{ingest.smtp_port}")
    if notify.relay_host is None:
        print(f"  Outgoing mail:   {(settings.var_dir / 'outbox').resolve()}/*.eml")
    if first_admin:
        rows = [(first_admin[0], first_admin[1], "first administrator (change the password)"), *rows]
    if rows:
        _print_logins(rows)
    print("Stop with Ctrl-C.", flush=True)
    await runtime.serve([(services["gateway"].app, settings.host, gateway.port)], settings.forwarded_allow_ips)


async def _serve(settings: Settings, name: str) -> None:
    from umlauf.compose import settings_for, single_runtime

    runtime, service = single_runtime(settings, name)
    port = settings_for(name, settings).port
    await runtime.start()
    print(f"umlauf {name} serving on http://{settings.host}:{port}/", flush=True)
    await runtime.serve([(service.app, settings.host, port)], settings.forwarded_allow_ips)


async def _token_create(settings: Settings, login: str, days: int) -> str:
    from services.tickets.admin import create_api_token
    from umlauf.compose import service_for_admin

    tickets = service_for_admin(settings, "tickets")
    try:
        return await create_api_token(tickets.database, login, days)
    finally:
        await tickets.database.dispose()


async def _pipe(settings: Settings, envelope_from: str | None, recipients: list[str]) -> int:
    from services.ingest.entrypoints.pipe import pipe
    from umlauf.compose import settings_for

    return await pipe(
        settings_for("ingest", settings), sys.stdin.buffer, envelope_from=envelope_from, envelope_to=recipients or None
    )


def _show_progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total if total else width
    print(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)


async def _import(settings: Settings, kind: str, path: str, recipients: list[str], state: str | None) -> None:
    from pathlib import Path

    from services.ingest.entrypoints.mailbox_import import import_maildir, import_mbox
    from umlauf.compose import settings_for

    importer = import_mbox if kind == "mbox" else import_maildir
    report = await importer(
        settings_for("ingest", settings),
        Path(path),
        envelope_to=recipients or None,
        progress=_show_progress,
        state=state,
    )
    print(file=sys.stderr)
    print(f"imported {report.imported}, already there {report.skipped}, too large {report.too_large}")
    print(
        "imported mail keeps its own date (Date header, else now); no auto-responses or notifications are sent"
        + (f"; new tickets are {state}" if state else "")
    )


async def _rebuild_search(settings: Settings) -> int:
    from services.tickets.admin import rebuild_search_index
    from umlauf.compose import service_for_admin

    tickets = service_for_admin(settings, "tickets")
    try:
        return await rebuild_search_index(tickets.database)
    finally:
        await tickets.database.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="umlauf", description="Umlauf help desk")
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="run all services in one process (embedded)")
    up.add_argument("--demo", action="store_true", help="load the Sportverein Neudorf demo first")
    serve = commands.add_parser("serve", help="run one service on RabbitMQ")
    serve.add_argument("service", choices=SERVICES)
    migrate = commands.add_parser("migrate", help="migrate the services' databases")
    migrate.add_argument("services", nargs="*", metavar="SERVICE", help=f"any of {', '.join(SERVICES)} (default: all)")
    commands.add_parser("demo", help="load the Sportverein Neudorf set-up")
    token = commands.add_parser("token", help="API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create an API token for an agent")
    create.add_argument("login")
    create.add_argument("--days", type=int, default=365)
    ingest = commands.add_parser("ingest", help="mail intake for an MTA")
    ingest_commands = ingest.add_subparsers(dest="ingest_command", required=True)
    pipe = ingest_commands.add_parser("pipe", help="store one mail read from standard input (exit 75: try later)")
    pipe.add_argument("--sender", help="the envelope sender (MAIL FROM)")
    pipe.add_argument("recipients", nargs="*", help="the envelope recipients (RCPT TO)")
    mail_import = commands.add_parser("import", help="import a mailbox; each message once, resumable")
    mail_import.add_argument("kind", choices=["mbox", "maildir"])
    mail_import.add_argument("path")
    mail_import.add_argument("--to", action="append", default=[], help="recipient to route by (repeatable)")
    mail_import.add_argument(
        "--state", help="state of the new tickets: a state's name, or new, open, closed (archive: closed)"
    )
    dead = commands.add_parser("dead-letters", help="events given up on: dead outbox rows, dead-letter queues")
    dead.add_argument("action", choices=["list", "replay", "drop"])
    dead.add_argument("services", nargs="*", metavar="SERVICE", help=f"any of {', '.join(SERVICES)} (default: all)")
    dead.add_argument("--event", action="append", type=uuid.UUID, help="only this event id (repeatable)")
    search = commands.add_parser("search", help="full-text search index")
    search.add_argument("search_command", choices=["rebuild"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    try:
        if args.command == "up":
            asyncio.run(_up(settings, args.demo))
        elif args.command == "serve":
            if "UMLAUF_BUS" not in os.environ:
                settings = settings.model_copy(update={"bus": BusKind.RABBITMQ})
            asyncio.run(_serve(settings, args.service))
        elif args.command in ("migrate", "dead-letters") and (unknown := sorted(set(args.services) - set(SERVICES))):
            print(f"umlauf: unknown service(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        elif args.command == "migrate":
            asyncio.run(_migrate(settings, args.services or list(SERVICES)))
        elif args.command == "dead-letters":
            from umlauf.dead_letters import dead_letters_command

            asyncio.run(dead_letters_command(settings, args.action, args.services or list(SERVICES), args.event))
        elif args.command == "demo":
            asyncio.run(_migrate(settings, ["tickets"], first_admin=False))
            _print_logins(asyncio.run(_load_demo(settings)))
        elif args.command == "token":
            print(asyncio.run(_token_create(settings, args.login, args.days)))
        elif args.command == "ingest":
            return asyncio.run(_pipe(settings, args.sender, args.recipients))
        elif args.command == "import":
            asyncio.run(_import(settings, args.kind, args.path, args.to, args.state))
        elif args.command == "search":
            print(f"indexed {asyncio.run(_rebuild_search(settings))} documents")
    except KeyboardInterrupt:
        return 130
    except LookupError as exc:
        print(f"umlauf: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
