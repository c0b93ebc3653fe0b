"""Command line: ``python -m flows run | status | query SQL | briefing | serve``.

``run`` executes the pipeline flow once; ``status`` and ``query`` open the warehouse
read-only so they can never block or damage a run; ``serve`` starts the scheduled
deployment (see flows/serve.py); ``briefing`` rewrites the HTML page of the marts.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from flows.settings import Settings


def _open_read_only(settings: Settings, attempts: int = 10):
    """Open the warehouse read-only, retrying briefly while a run holds it for writing."""
    import duckdb

    if not settings.warehouse_path.exists():
        raise SystemExit(f"no warehouse at {settings.warehouse_path}: run `python -m flows run` first")
    for attempt in range(attempts):
        try:
            return duckdb.connect(str(settings.warehouse_path), read_only=True)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == attempts - 1:
                raise SystemExit(
                    f"the warehouse is held open for writing by another program (pipeline runs never "
                    f"do that: they write a build file); close it or open it read-only ({exc})"
                ) from exc
            time.sleep(1.0)
    raise AssertionError("unreachable")


def _print_table(columns: list[str], rows: list[tuple], max_width: int = 60) -> None:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        text = text.replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def cmd_run(args: argparse.Namespace) -> int:
    """Plan first (no Prefect, read-only), start Prefect only when there is work, overlap its start with imports."""
    import os

    from flows.discover import SeedsFolderMissingError
    from flows.lock import RunInProgressError, lock_holder
    from flows.plan import plan_run
    from flows.prefect_api import PrefectApiError, TemporaryServer, choose_api, prefect_api

    settings = Settings.from_env(seeds_dir=args.seeds, warehouse_path=args.warehouse, docs=False if args.no_docs else None,
                                 allow_remove_all=args.allow_remove_all or None,
                                 retry_failed=args.retry_failed or None)  # fmt: skip
    holder = lock_holder(settings.lock_path)
    if holder and not args.wait:
        # fail fast, before starting Prefect; the flow takes the lock itself for real
        print(f"another pipeline run is writing {settings.warehouse_path} ({holder}); not starting", file=sys.stderr)
        return 3
    server = None
    try:
        plan = plan_run(settings)
        if plan.nothing_to_do and not holder:
            print(plan.describe())
            return 0
        choice = choose_api(dict(os.environ), settings.prefect_home)
        if choice.url is None:
            server = TemporaryServer(settings.prefect_home, dict(os.environ), settings.prefect_startup_timeout)
            server.start()  # it imports and starts while this process imports and loads its models
        warm_up(settings, len(plan.discovery.to_process) if plan.discovery else 0)
        parse_dbt_project(settings)
        from flows.pipeline import pipeline

        with prefect_api(choice, server):
            pipeline(seeds_dir=str(settings.seeds_dir), warehouse_path=str(settings.warehouse_path),
                     docs=settings.docs, wait_seconds=args.wait, allow_remove_all=settings.allow_remove_all,
                     retry_failed=settings.retry_failed)  # fmt: skip
    except RunInProgressError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except SeedsFolderMissingError as exc:
        print(f"pipeline not started: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pipeline interrupted", file=sys.stderr)
        return 130
    except PrefectApiError as exc:
        print(f"pipeline not started: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, not a traceback: the run's log and raw.runs hold the details
        print(f"pipeline failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()
    return 0


def warm_up(settings: Settings, files_to_annotate: int) -> None:
    """Do the slow imports (and load the spaCy model) while the Prefect server starts beside us.

    Prefect comes first: it sets up logging, which it skips if another library already did.
    """
    import importlib

    for module in ("flows.pipeline", "dbt.cli.main"):  # in this order (an import sorter would swap them)
        importlib.import_module(module)
    from flows.batch import annotates_here, cached_model

    if files_to_annotate and annotates_here(settings, files_to_annotate):  # then it needs the model here
        cached_model(settings.spacy_model, settings.event_vocabulary_path)


def parse_dbt_project(settings: Settings) -> None:
    """Parse the dbt project now, while the Prefect server may still be starting.

    The build that follows then reuses dbt's partial parse instead of parsing (seconds on
    a fresh clone). Parsing renders the profile with the run's build file, as the build will.
    """

    from flows.lock import RunInProgressError, run_lock
    from flows.publish import BuildFile
    from flows.transform import invoke_dbt

    try:  # the parse writes dbt's target folder: never while a run may be building from it
        with run_lock(settings.lock_path, "dbt parse before a run"):
            invoke_dbt(["parse"], settings.with_changes(warehouse_path=BuildFile(settings.warehouse_path).path))
    except RunInProgressError:
        pass  # a run holds the warehouse; the build will parse for itself


def cmd_status(args: argparse.Namespace) -> int:
    settings = Settings.from_env(warehouse_path=args.warehouse)
    from flows.load import LATEST_FILES_SQL, failing_files
    from flows.lock import lock_holder
    from flows.publish import BuildFile

    con = _open_read_only(settings)
    try:
        print(f"warehouse: {settings.warehouse_path}")
        holder = lock_holder(settings.lock_path)
        if holder:
            print(f"a run is in progress ({holder}); what follows is the last published state")
        elif BuildFile(settings.warehouse_path).resumable():
            print("an interrupted run left committed work in warehouse/.build/: the next run resumes it")
        runs = con.execute(
            """
            select run_id, started_at, finished_at, status, files_seen, files_new, files_changed,
                   files_unchanged, files_failed, files_deleted, documents_loaded, error
            from raw.runs order by started_at desc limit ?
            """,
            [args.limit],
        )
        print("\nlast runs:")
        _print_table([d[0] for d in runs.description], runs.fetchall())
        files = con.execute(
            f"select status, count(*) as files from ({LATEST_FILES_SQL}) group by status order by status"
        )
        print("\nfiles by current status:")
        _print_table([d[0] for d in files.description], files.fetchall())
        failed_rows = failing_files(con)
        if failed_rows:
            print("\nfailed files:")
            _print_table(["path", "error"], failed_rows, max_width=100)
        try:
            marts = con.execute(
                "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts' order by table_name"
            )
            print("\nmarts:")
            _print_table(["mart", "rows"], marts.fetchall())
        except Exception:
            print("\nmarts: not built yet")
    finally:
        con.close()
    return 0


def has_statement(sql: str) -> bool:
    """False for SQL that is only whitespace, comments and semicolons (DuckDB returns no result for it)."""
    without_comments = re.sub(r"/\*.*?\*/", " ", sql, flags=re.DOTALL)
    without_comments = re.sub(r"--[^\n]*", " ", without_comments)
    return bool(without_comments.replace(";", " ").strip())


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    settings = Settings.from_env(warehouse_path=args.warehouse)
    sql = args.sql if args.sql != "-" else sys.stdin.read()
    if not has_statement(sql):
        print("nothing to run: the query is empty or holds only comments", file=sys.stderr)
        return 2
    con = _open_read_only(settings)
    try:
        result = con.execute(sql)
        if result.description is None:
            return 0
        _print_table([d[0] for d in result.description], result.fetchall(), max_width=args.width)
    except duckdb.Error as exc:
        print(f"query failed: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    """Write the briefing page from the published marts (read-only; a run may be writing)."""
    from flows.briefing import write_briefing

    settings = Settings.from_env(warehouse_path=args.warehouse)
    out = Path(args.out).expanduser().resolve() if args.out else settings.briefing_path
    con = _open_read_only(settings)
    try:
        page = write_briefing(con, out, str(settings.warehouse_path))
    finally:
        con.close()
    drawn = ", ".join(f"{n} {k}" for k, n in page.counts.items())
    print(f"briefing: {page.path.as_uri()} ({page.bytes / 1024:.0f} KB; {drawn})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    return serve(cron=args.cron, interval=args.interval)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m flows", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest new and changed files from seeds/, then build the dbt marts")
    run.add_argument("--seeds", help="seeds folder (default: seeds/ or NEWS_SEEDS_DIR)")
    run.add_argument("--warehouse", help="warehouse file (default: warehouse/news.duckdb or NEWS_WAREHOUSE_PATH)")
    run.add_argument("--no-docs", action="store_true", help="skip dbt docs generate")
    run.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a running pipeline to finish")
    run.add_argument(
        "--allow-remove-all",
        action="store_true",
        help="when every known file is gone from the seeds folder, really mark them all removed",
    )
    run.add_argument(
        "--retry-failed",
        action="store_true",
        help="reprocess files whose latest version failed even if they did not change",
    )
    run.set_defaults(func=cmd_run)

    status = sub.add_parser("status", help="last runs, files by status and mart sizes (read-only)")
    status.add_argument("--warehouse")
    status.add_argument("--limit", type=int, default=5)
    status.set_defaults(func=cmd_status)

    query = sub.add_parser("query", help="run SQL against the warehouse, read-only ('-' reads stdin)")
    query.add_argument("sql")
    query.add_argument("--warehouse")
    query.add_argument("--width", type=int, default=80, help="maximum characters shown per cell")
    query.set_defaults(func=cmd_query)

    briefing = sub.add_parser("briefing", help="write the HTML briefing of the marts beside the warehouse")
    briefing.add_argument("--warehouse")
    briefing.add_argument("--out", help="where to write it (default: beside the warehouse, <name>-briefing.html)")
    briefing.set_defaults(func=cmd_briefing)

    serve = sub.add_parser("serve", help="serve the pipeline on a cron schedule (needs a Prefect server)")
    serve.add_argument("--cron", help="cron schedule (default NEWS_SCHEDULE_CRON or every 15 minutes)")
    serve.add_argument("--interval", type=float, help="run every N seconds instead of a cron schedule")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("warehouse", "seeds"):
        value = getattr(args, name, None)
        if value:
            setattr(args, name, str(Path(value).expanduser().resolve()))
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader stopped reading (`| head`): not an error, and no traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
