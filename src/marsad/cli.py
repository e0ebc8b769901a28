"""The ``marsad`` command line: thin layers over ``marsad.api`` and friends.

Errors are one line on stderr (``marsad: ORIGIN: reason``), never a traceback; exit status
is non-zero only when every input failed (or the command itself could not run).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from marsad import __version__
from marsad.api import analyze_paths, get_pipeline
from marsad.contract import contract_problems
from marsad.document import Document
from marsad.errors import InputNotFound, MarsadError
from marsad.summary import format_summary


def _report(error: MarsadError, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(error.to_dict(), ensure_ascii=False), err=True)
    else:
        click.echo(f"marsad: {error}", err=True)


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file written atomically (a crash never leaves a half-written file)."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    if target.exists() and not target.is_file():  # /dev/null, a FIFO: write to it, never replace it
        with target.open("w", encoding="utf-8") as special:
            yield special
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marsad")
def cli() -> None:
    """marsad (مرصد): entities, quotes and events from Arabic news, with evidence."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "output", metavar="FILE", help="Write JSON Lines here (default: stdout).")
@click.option("--pipeline", "steps", metavar="STEPS", help="Comma-separated step names (default pipeline if omitted).")
@click.option("--summary/--no-summary", default=False, help="Print a table of what was found to stderr.")
@click.option("--errors", "error_format", type=click.Choice(["text", "json"]), default="text",
              help="How errors are printed on stderr.")
@click.option("--kb", "kb_files", multiple=True, metavar="FILE",
              help="Knowledge-base extension file (YAML, CSV or TSV) to add to the bundled one; repeatable.")
@click.option("--db", "db", metavar="PATH|URL", default=None,
              help="Store the records in this database (SQLite file or postgresql:// URL) instead of printing "
                   "them; -o still writes JSON Lines too.")
def analyze(
    paths: tuple[str, ...], output: str | None, steps: str | None, summary: bool, error_format: str,
    kb_files: tuple[str, ...], db: str | None = None,
) -> None:
    """Analyse .txt, .html, .jsonl files, directories or - (stdin) into marsad.document/1 JSON Lines."""
    from marsad.extract.entities import use_kb
    from marsad.kb import load_kb
    from marsad.settings import get_settings

    pipeline = get_pipeline([s.strip() for s in steps.split(",") if s.strip()] if steps else None)
    kb = load_kb([*get_settings().kb_file_list, *kb_files])
    for warning in kb.warnings:
        click.echo(f"marsad: warning: {warning}", err=True)
    docs: list[Document] = []
    errors: list[MarsadError] = []
    with use_kb(kb), _stored(db, "analyze", list(paths), pipeline.version) as sink, \
            _maybe_output(output, db) as out:
        for item in analyze_paths(list(paths), pipeline=pipeline, stdin=sys.stdin.buffer):
            if isinstance(item, MarsadError):
                errors.append(item)
                sink.failed()
                _report(item, error_format)
                continue
            if out is not None:
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            sink.add(item)
            docs.append(item)
    if summary:
        click.echo(format_summary(docs, errors, output), err=True)
    if not docs:
        if not errors:
            raise InputNotFound("no .txt, .html, .htm or .jsonl input found in " + ", ".join(paths))
        sys.exit(errors[0].exit_code)


# -- the store: analyze --db, ingest, doctor ---------------------------------------------------------


class _StoreSink:
    """Saves analysed documents (with their original input when it can be read again) into a
    store under one run; a no-op without a store."""

    def __init__(self, store: Any = None, run_id: int | None = None) -> None:
        self.store = store
        self.run_id = run_id
        self.stored = 0
        self.errors = 0

    def add(self, doc: Document) -> None:
        if self.store is not None:
            self.store.save(doc, original=_original_of(doc), run_id=self.run_id)
            self.stored += 1

    def failed(self) -> None:
        self.errors += 1


def _original_of(doc: Document) -> bytes | str | None:
    """The input an article came from, read again: a whole file, or its line of a JSONL file."""
    origin = doc.meta.origin or ""
    path, _, line = origin.rpartition(":") if origin.rpartition(":")[2].isdigit() else (origin, "", "")
    try:
        file = Path(path)
        if not path or not file.is_file() or file.stat().st_size > 50 * 1024 * 1024:
            return None
        if not line:
            return file.read_bytes()
        with file.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == int(line):
                    return text.rstrip("\n")
    except OSError:
        return None
    return None


@contextmanager
def _stored(db: str | None, command: str, inputs: list[str], pipeline_version: str,
            *, default: bool = False) -> Iterator[_StoreSink]:
    """A sink into the store at ``db`` (or the default store when ``default``), recorded as a run."""
    if db is None and not default:
        yield _StoreSink()
        return
    from marsad.store import open_store

    store = open_store(db)
    try:
        sink = _StoreSink(store, store.start_run(command, inputs, pipeline_version))
        try:
            yield sink
        finally:
            store.finish_run(sink.run_id or 0, documents=sink.stored, skipped=0, errors=sink.errors)
            click.echo(f"marsad: stored {sink.stored} document(s) in {store.url} (run {sink.run_id})", err=True)
    finally:
        store.close()


@contextmanager
def _maybe_output(output: str | None, db: str | None) -> Iterator[IO[str] | None]:
    """JSON Lines to -o (or stdout), except when the records go to a store and no -o was given."""
    if db is not None and output is None:
        yield None
        return
    with _output(output) as out:
        yield out


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db", metavar="PATH|URL", default=None,
              help="The store (default: MARSAD_DATABASE_URL or ./marsad.db).")
@click.option("--pipeline", "steps", metavar="STEPS", help="Comma-separated step names (default pipeline if omitted).")
@click.option("--errors", "error_format", type=click.Choice(["text", "json"]), default="text",
              help="How errors are printed on stderr.")
def ingest(inputs: tuple[str, ...], db: str | None, steps: str | None, error_format: str) -> None:
    """Fetch, analyse and store: files, folders and - like `analyze`; http(s) URLs of pages, feeds,
    sitemaps and URL lists like `fetch`. Re-ingesting an article replaces its rows."""
    from itertools import chain

    from marsad.api import analyze_urls
    from marsad.ingest.dedup import DuplicateIndex
    from marsad.settings import get_settings

    settings = get_settings()
    pipeline = get_pipeline([s.strip() for s in steps.split(",") if s.strip()] if steps else None)
    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    files = [i for i in inputs if i not in urls]
    dedup = DuplicateIndex(threshold=settings.dedup_threshold) if settings.dedup else None
    streams: list[Iterator[Document | MarsadError]] = []
    if files:
        streams.append(analyze_paths(files, pipeline=pipeline, stdin=sys.stdin.buffer, dedup=dedup))
    if urls:
        streams.append(analyze_urls(urls, pipeline=pipeline, dedup=dedup))
    errors: list[MarsadError] = []
    with _stored(db, "ingest", list(inputs), pipeline.version, default=True) as sink:
        for item in chain(*streams):
            if isinstance(item, MarsadError):
                errors.append(item)
                sink.failed()
                _report(item, error_format)
                continue
            sink.add(item)
    if not sink.stored and errors:
        sys.exit(errors[0].exit_code)


@cli.command()
@click.option("--db", "db", metavar="PATH|URL", default=None,
              help="The store (default: MARSAD_DATABASE_URL or ./marsad.db).")
def doctor(db: str | None) -> None:
    """Check a store: SQLite integrity and foreign keys, orphan rows, the full-text index in sync."""
    from marsad.errors import StoreError
    from marsad.store import open_store

    store = open_store(db)
    try:
        problems = store.check()
        counts = store.stats()
        version = store.schema_version
    finally:
        store.close()
    click.echo(f"{store.url}: schema version {version}; " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    for problem in problems:
        click.echo(f"marsad: problem: {problem}", err=True)
    if problems:
        sys.exit(StoreError.exit_code)
    click.echo("no problems found")


def _write_results(results: Iterator[Document | MarsadError], out: IO[str], error_format: str,
                   docs: list[Document], errors: list[MarsadError]) -> None:
    for item in results:
        if isinstance(item, MarsadError):
            errors.append(item)
            _report(item, error_format)
            continue
        out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
        docs.append(item)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-o", "--output", "output", metavar="FILE", help="Write JSON Lines here (default: stdout).")
@click.option("--pipeline", "steps", metavar="STEPS", help="Comma-separated step names (default pipeline if omitted).")
@click.option("--summary/--no-summary", default=False, help="Print a table of what was found to stderr.")
@click.option("--errors", "error_format", type=click.Choice(["text", "json"]), default="text",
              help="How errors are printed on stderr.")
def fetch(targets: tuple[str, ...], output: str | None, steps: str | None, summary: bool, error_format: str) -> None:
    """Fetch and analyse page URLs, and what feeds, sitemaps and URL lists (URLs or files) link to.

    Polite: robots.txt, MARSAD_FETCH_DELAY between requests to a host, retries with backoff,
    MARSAD_FETCH_TIMEOUT and MARSAD_MAX_INPUT_BYTES per page (docs/settings.md).
    """
    from marsad.api import analyze_urls

    pipeline = get_pipeline([s.strip() for s in steps.split(",") if s.strip()] if steps else None)
    docs: list[Document] = []
    errors: list[MarsadError] = []
    with _output(output) as out:
        _write_results(analyze_urls(list(targets), pipeline=pipeline), out, error_format, docs, errors)
    if summary:
        click.echo(format_summary(docs, errors, output), err=True)
    if not docs and errors:
        sys.exit(errors[0].exit_code)


@cli.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="10m", show_default=True, help="Time between rounds: 90s, 10m, 2h.")
@click.option("-o", "--output", "output", metavar="FILE", required=True,
              help="JSON Lines file the analysed articles are appended to.")
@click.option("--state", "state_path", metavar="FILE", default=None,
              help="Where the watcher remembers what it has done (default: OUTPUT.state.json).")
@click.option("--rounds", type=click.IntRange(min=1), default=None, help="Stop after this many rounds.")
@click.option("--errors", "error_format", type=click.Choice(["text", "json"]), default="text",
              help="How errors are printed on stderr.")
def watch(feeds: tuple[str, ...], every: str, output: str, state_path: str | None, rounds: int | None,
          error_format: str) -> None:
    """Fetch the new articles of FEEDS (RSS/Atom, sitemaps, URL lists) every so often and analyse them.

    Killed and started again, it goes on where it stopped: no article twice, none lost.
    """
    from marsad.api import analyze_items
    from marsad.ingest.watch import RoundReport, WatchState, parse_interval
    from marsad.ingest.watch import watch as run_watch

    seconds = parse_interval(every)
    state = WatchState.load(Path(state_path or output + ".state.json"))
    state.add_written(Path(output))
    pipeline = get_pipeline(None)
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.stat().st_size:
        with target.open("rb+") as tail:
            tail.seek(-1, os.SEEK_END)
            if tail.read(1) != b"\n":
                tail.write(b"\n")  # end a line a crash cut short; `marsad validate` will name it
    with target.open("a", encoding="utf-8") as out:

        def handle(item: Any) -> None:
            docs: list[Document] = []
            errors: list[MarsadError] = []
            _write_results(analyze_items([item], pipeline), out, error_format, docs, errors)
            os.fsync(out.fileno())

        def on_round(report: RoundReport) -> None:
            click.echo(f"marsad: watch round {report.round}: {report.articles} new article(s), "
                       f"{report.errors} skipped, {report.seconds:.1f} s", err=True)

        run_watch(list(feeds), handle, state=state, every=seconds, rounds=rounds, on_round=on_round)


@cli.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["jsonl", "csv", "acled-csv", "parquet", "geojson", "graphml"]),
              help="jsonl, csv (a folder of tables), acled-csv, parquet (a folder), geojson or graphml.")
@click.option("-o", "--output", "output", required=True, metavar="PATH", help="File (or folder for csv/parquet).")
@click.option("--db", "db", metavar="PATH|URL", default=None,
              help="Export from this store (default: MARSAD_DATABASE_URL or ./marsad.db).")
@click.option("--from", "source", metavar="FILE", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Export from a JSON Lines file of `marsad analyze` output instead of a store.")
@click.option("--date-from", default=None, help="Published on or after (YYYY-MM-DD).")
@click.option("--date-to", default=None, help="Published on or before (YYYY-MM-DD).")
@click.option("--outlet", default=None)
@click.option("--entity", default=None, help="kb_id of an entity the article names.")
@click.option("--event-type", default=None, help="PLOVER type of an event in the article.")
@click.option("--country", default=None, help="ISO alpha-2 code of a place in the article.")
@click.option("--modality", default=None)
def export(fmt: str, output: str, db: str | None, source: str | None, date_from: str | None, date_to: str | None,
           outlet: str | None, entity: str | None, event_type: str | None, country: str | None,
           modality: str | None) -> None:
    """Export analysed articles as JSON Lines, CSV tables, ACLED CSV, Parquet, GeoJSON or GraphML."""
    from marsad.export import export as write_export
    from marsad.export import read_jsonl
    from marsad.store.base import Filters

    filters = Filters(date_from=date_from, date_to=date_to, outlet=outlet, entity=entity, event_type=event_type,
                      country=country, modality=modality)
    if source is not None:
        report = write_export(read_jsonl(source), fmt, output, filters)
    else:
        from marsad.store import open_store

        store = open_store(db)
        try:
            report = write_export(store.iter_records(filters), fmt, output)
        finally:
            store.close()
    rows = ", ".join(f"{count} {name}" for name, count in report.rows.items())
    click.echo(f"marsad: exported {report.documents} article(s) as {fmt} to {output} ({rows})", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", metavar="DIR", default=None, help="Write JSON Lines part files into this folder.")
@click.option("--db", "db", metavar="PATH|URL", default=None, help="Store the records in this database.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--master", default=None, help="Spark master URL (spark engine; default local[WORKERS]).")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Inputs committed per batch.")
@click.option("--pipeline", "steps", metavar="STEPS", help="Comma-separated step names (default pipeline if omitted).")
@click.option("--log-every", type=float, default=10.0, show_default=True,
              help="Seconds between progress lines when stderr is not a terminal.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON on stdout.")
def process(inputs: tuple[str, ...], out: str | None, db: str | None, engine: str, workers: int | None,
            master: str | None, batch_size: int, steps: str | None, log_every: float, as_json: bool) -> None:
    """Analyse many inputs on all cores (or Spark), resumably: rerun the same command after a crash."""
    from marsad.scale import process as run_process
    from marsad.scale.progress import Progress, format_run_summary
    from marsad.scale.units import iter_units

    total = sum(1 for _ in iter_units(list(inputs)))
    progress = Progress(total, every=log_every)
    try:
        summary = run_process(list(inputs), out=out, db=db, engine=engine, workers=workers, master=master,
                              batch_size=batch_size, pipeline=[s.strip() for s in steps.split(",")] if steps else None,
                              on_progress=progress.callback)
    finally:
        progress.close()
    click.echo(format_run_summary(summary), err=True)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    if summary.units and not summary.records and summary.failed:
        sys.exit(65)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def validate(path: str) -> None:
    """Check every record of a JSON Lines file against the marsad.document/1 contract."""
    bad = 0
    count = 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            count += 1
            try:
                record: Any = json.loads(line)
            except json.JSONDecodeError as exc:
                click.echo(f"marsad: {path}:{number}: not JSON ({exc.msg})", err=True)
                bad += 1
                continue
            problems = contract_problems(record) if isinstance(record, dict) else ["not a JSON object"]
            for problem in problems[:5]:
                click.echo(f"marsad: {path}:{number}: {problem}", err=True)
            bad += bool(problems)
    click.echo(f"{count - bad} of {count} records valid")
    if bad:
        sys.exit(65)


@cli.command()
def steps() -> None:
    """List the registered pipeline steps with what they require and assign."""
    from marsad.pipeline import registered_steps

    default = get_pipeline([]).names
    for name, step in sorted(registered_steps().items()):
        mark = "*" if name in default else " "
        click.echo(f"{mark} {name:<16} requires: {', '.join(sorted(step.requires)) or '-'};"
                   f" assigns: {', '.join(sorted(step.assigns)) or '-'}")


@cli.group()
def train() -> None:
    """Retrain marsad's own models."""


@train.command("ner")
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False),
              help="ANERcorp-style CoNLL file (token TAG per line); its last 10% of sentences is held out.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Model folder (default: the package's own model, which this replaces).")
@click.option("--approach", type=click.Choice(["crf", "spacy"]), default="crf", show_default=True)
def train_ner_command(data: str, out: str | None, approach: str) -> None:
    """Train the NER model and print its dev scores (reproduces the committed model)."""
    from marsad.extract.ner import MODEL_DIR, train_ner

    result = train_ner(Path(data), Path(out) if out else MODEL_DIR, approach=approach)
    click.echo(json.dumps(result.get("dev", result), ensure_ascii=False, indent=2))


@cli.group(name="eval")
def evaluate() -> None:
    """Measure marsad against gold data."""


@evaluate.command("ner")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--dev-only", is_flag=True, help="Score only the last 10% of sentences (the held-out dev part).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_ner(gold: str, dev_only: bool, as_json: bool) -> None:
    """Exact-span P/R/F1 per type of the NER against a CoNLL file (PER, LOC, ORG; MISC apart)."""
    from marsad.eval.ner import evaluate_ner, format_report
    from marsad.extract.ner import NerTagger

    report = evaluate_ner(Path(gold), NerTagger.load(), dev_only=dev_only)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))


@evaluate.command("entities")
@click.argument("examples", type=click.Path(exists=True, file_okay=False), default="examples")
@click.option("-v", "--verbose", is_flag=True, help="List what was missed or split.")
def eval_entities(examples: str, verbose: bool) -> None:
    """Entity mention recall/precision and linking accuracy against the examples' gold."""
    from marsad.eval.entities import evaluate_entities, format_report

    click.echo(format_report(evaluate_entities(examples), details=verbose))


@evaluate.command("quotes")
@click.argument("gold", type=click.Path(exists=True), default="examples")
@click.option("--articles", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSON Lines file the offset gold refers to (default: ../shared/data/articles/...).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List what was missed, spurious or given a wrong speaker.")
def eval_quotes(gold: str, articles: str | None, as_json: bool, verbose: bool) -> None:
    """Quote detection P/R/F1 (content overlap >= 50%), exact-span F1 and speaker accuracy, by kind.

    GOLD is an examples folder (strings in gold/*.json) or a folder of offset gold files such as
    benchmarks/gold/quotes/.
    """
    from marsad.eval.quotes import evaluate_quotes, format_report, report_json

    report = evaluate_quotes(gold, articles=articles)
    click.echo(report_json(report) if as_json else format_report(report, details=verbose))


@evaluate.command("events")
@click.argument("gold", type=click.Path(exists=True), default="examples")
@click.option("--articles", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSON Lines file the offset gold refers to (default: ../shared/data/articles/...).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List what was missed, spurious or wrong.")
def eval_events(gold: str, articles: str | None, as_json: bool, verbose: bool) -> None:
    """Event P/R/F1 by type and attribute accuracy, or type recall and actor match on sentences.

    GOLD is an examples folder (strings in gold/*.json), a folder of offset gold files such as
    benchmarks/gold/events/, or an event-sentence file (*.jsonl) such as
    ../shared/data/events/arabic_event_sentences_dev.jsonl.
    """
    from marsad.eval.events import evaluate_events, format_report, report_json

    report = evaluate_events(gold, articles=articles)
    click.echo(report_json(report) if as_json else format_report(report, details=verbose))


@evaluate.command("times")
@click.argument("gold", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List what was missed, spurious or normalised wrongly.")
def eval_times(gold: tuple[str, ...], as_json: bool, verbose: bool) -> None:
    """Time detection P/R/F1 (span overlap) and the share of gold times normalised exactly.

    GOLD is an examples folder (times in gold/*.json), a time-gold .jsonl file, or "packaged"
    (the gold bundled with marsad); with none, examples/ (when present) and the packaged gold.
    """
    from marsad.eval.times import evaluate_times, format_report, report_json

    report = evaluate_times(*gold)
    click.echo(report_json(report) if as_json else format_report(report, details=verbose))


@cli.command()
@click.option("--db", metavar="PATH|URL", default=None,
              help="SQLite file or postgresql:// URL (default: MARSAD_DATABASE_URL, else ./marsad.db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each opens the store; SQLite readers run side by side).")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
def serve(db: str | None, host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the web UI (/) and the HTTP API (/api/..., OpenAPI at /openapi.json) over a store."""
    import uvicorn

    from marsad.settings import get_settings
    from marsad.store import open_store
    from marsad.web import create_app

    store: Any = open_store(db)  # opened here first: a bad --db fails now, with its message
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"marsad: serving {store.url}: web UI at http://{shown}:{port}/ , API at http://{shown}:{port}/api/ "
               "(OpenAPI: /openapi.json); Ctrl-C stops", err=True)
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "access_log": access_log,
                               "server_header": False}
    if workers > 1:  # each worker process builds its own app and store from the environment
        store.close()
        if db:
            os.environ["MARSAD_DATABASE_URL"] = db
        uvicorn.run("marsad.web.app:create_app", factory=True, workers=workers, **options)
        return
    try:
        uvicorn.run(create_app(store=store, settings=get_settings()), **options)
    finally:
        store.close()


def main() -> None:
    """Entry point: run the CLI and turn marsad errors into one line and an exit code."""
    try:
        cli.main(standalone_mode=False)
    except MarsadError as exc:
        click.echo(f"marsad: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("marsad: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
