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
def analyze(paths: tuple[str, ...], output: str | None, steps: str | None, summary: bool, error_format: str) -> None:
    """Analyse .txt, .html, .jsonl files, directories or - (stdin) into marsad.document/1 JSON Lines."""
    pipeline = get_pipeline([s.strip() for s in steps.split(",") if s.strip()] if steps else None)
    docs: list[Document] = []
    errors: list[MarsadError] = []
    with _output(output) as out:
        for item in analyze_paths(list(paths), pipeline=pipeline, stdin=sys.stdin.buffer):
            if isinstance(item, MarsadError):
                errors.append(item)
                _report(item, error_format)
                continue
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            docs.append(item)
    if summary:
        click.echo(format_summary(docs, errors, output), err=True)
    if not docs:
        if not errors:
            raise InputNotFound("no .txt, .html, .htm or .jsonl input found in " + ", ".join(paths))
        sys.exit(errors[0].exit_code)


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
