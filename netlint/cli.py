"""The command line: the only place with terminal I/O and exit statuses.

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage/config/rule-pack error,
3 internal error, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netlint import __version__
from netlint.findings import PROFILES
from netlint.pipeline import FAIL_ON
from netlint.reporters import FORMATS
from netlint.selector import Selector

if TYPE_CHECKING:
    from netlint.pipeline import Result

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPT = 0, 1, 2, 3, 130


def write_atomic(path: str, text: str) -> None:
    """Write text to path through a temporary file renamed over it: never a truncated output."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"netlint: {message}", err=True)
    sys.exit(code)


def _source_error(exc) -> None:
    where = f"{exc.path}:{exc.line}" if exc.line else exc.path
    _fail(f"{where}: {exc.message}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="netlint")
def cli() -> None:
    """Lint Internet policy drafts and charters against the NETmundial principles."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--profile", type=click.Choice(PROFILES), help="Document profile (default: front matter, config, then national).")
@click.option("--select", multiple=True, help="Only these rule IDs or prefixes (e.g. NM6,NM110).")
@click.option("--ignore", multiple=True, help="Skip these rule IDs or prefixes.")
@click.option("--extend-select", multiple=True, help="Add these IDs or prefixes to the selection.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file (atomically).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: nearest .netlint.yaml or pyproject.toml).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest level that fails the run (default: warning); new: only findings not in --baseline.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Compare with this earlier SARIF log: each result new, unchanged, updated or absent.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Also write this run's SARIF log to FILE, as a baseline for later runs.")
@click.option("--statistics", is_flag=True, help="Add a count per check.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule directory (repeatable).")
@click.option("--model", help="Installed spaCy pipeline to use instead of the blank English tokenizer.")
@click.option("--include-suppressed", is_flag=True, help="Also report suppressed findings (SARIF: with suppressions).")
@click.option("--explain-gaps", is_flag=True, help="Also print, per gap check, the provision that satisfied it.")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=None, help="Parallel processes (default: one per core for 8 or more files; 0 = auto).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; only the exit status tells.")
@click.option("--no-color", is_flag=True, help="Never colour the text output.")
def check(paths, profile, select, ignore, extend_select, fmt, output, config_path, fail_on, baseline_path,
          write_baseline, statistics, rules_dirs, model, include_suppressed, explain_gaps, jobs, quiet, no_color) -> None:
    """Check policy documents (Markdown, text, reStructuredText) and report findings."""
    from dataclasses import replace

    from netlint import pipeline
    from netlint.reporters import render
    from netlint.yamlsrc import SourceError

    cwd = Path.cwd()
    request = pipeline.Request(
        paths=list(paths) or ["."], cwd=cwd, config=Path(config_path) if config_path else None, profile=profile,
        select=_selector(select), ignore=_selector(ignore), extend_select=_selector(extend_select),
        rules_dirs=list(rules_dirs), model=model, include_suppressed=include_suppressed, jobs=jobs or None,
        baseline=Path(baseline_path) if baseline_path else None, fail_on=fail_on,
        keep_documents=fmt == "sarif" or bool(write_baseline),
    )
    try:
        result = pipeline.run(request)
    except SourceError as exc:
        _source_error(exc)
        return
    report = result.report
    color = not no_color and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render(fmt, report, color=color, statistics=statistics, cwd=str(cwd), sources=result.documents)
    if explain_gaps and fmt == "text":
        text += _explain_gaps(result)
    if output:
        write_atomic(output, text)
    elif not quiet:
        click.echo(text, nl=False)
    if write_baseline:
        from netlint.reporters import sarif

        kept = replace(report, findings=[f for f in report.findings if f.baseline_state != "absent"])
        write_atomic(write_baseline, sarif.render(kept, cwd=str(cwd), sources=result.documents, max_results=None))
    sys.exit(EXIT_FINDINGS if result.failed else EXIT_OK)


def _selector(values: tuple[str, ...]) -> Selector | None:
    """IDs or prefixes given on the command line; None when the option was not given."""
    return Selector.parse(values) if values else None


def _explain_gaps(result: Result) -> str:
    """The provision that satisfied each gap check, per file (for --explain-gaps)."""
    lines = ["", "Gap checks satisfied:"]
    for path in sorted(result.satisfied):
        for rid in sorted(result.satisfied[path]):
            lines.append(f"{path}: {rid} satisfied at {result.satisfied[path][rid]}")
    return "\n".join(lines) + "\n"


@cli.command("rules")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule directory.")
@click.option("--profile", type=click.Choice(PROFILES), help="Only gap checks of this profile (flags apply to all).")
def rules_cmd(rules_dirs, profile) -> None:
    """List the rules: ID, slug, kind, level, profiles."""
    from netlint.packs import builtin_rules_dir, load_pack
    from netlint.yamlsrc import SourceError

    try:
        pack = load_pack([builtin_rules_dir(), *map(Path, rules_dirs)])
    except SourceError as exc:
        _source_error(exc)
        return
    for rule in sorted(pack.rules.values(), key=lambda r: r.id):
        if profile and rule.kind == "gap" and profile not in rule.profiles:
            continue
        profiles = ",".join(rule.profiles) if rule.kind == "gap" else "all"
        click.echo(f"{rule.id:7} {rule.slug:32} {rule.kind:9} {rule.level:7} {profiles}")


@cli.command()
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra rule directory.")
def explain(rule_id, rules_dirs) -> None:
    """Explain a rule: principle, why it matters, what satisfies it, an example, how to suppress it."""
    from netlint.packs import builtin_rules_dir, load_pack
    from netlint.yamlsrc import SourceError

    try:
        pack = load_pack([builtin_rules_dir(), *map(Path, rules_dirs)])
    except SourceError as exc:
        _source_error(exc)
        return
    rule = pack.rules.get(rule_id.upper())
    if rule is None:
        _fail(f"unknown rule {rule_id!r}; `netlint rules` lists them")
    click.echo(explain_text(rule))


def explain_text(rule) -> str:
    """The long help of one rule, for people."""
    from netlint.suppression import how_to_suppress

    profiles = ", ".join(rule.profiles) if rule.kind == "gap" else "all (flags apply in every profile)"
    if rule.kind == "directive":
        profiles = "all (netlint checks its directives in every document)"
    out = [f"{rule.id} {rule.slug} ({rule.kind}, {rule.level}; profiles: {profiles})", "", rule.message, ""]
    if rule.principle:
        out += [f"Principle: {rule.principle}"]
    if rule.quote:
        out += ["", "NETmundial statement:", *("  > " + line for line in rule.quote.splitlines()), ""]
    for title, body in (("Why it matters", rule.why), ("How to satisfy it", rule.fix), ("Example", rule.example)):
        if body:
            out += [f"{title}:", "  " + body, ""]
    if rule.fire_examples:
        out += ["Fires on:", *(f"  - {e}" for e in rule.fire_examples[:3]), ""]
    if rule.pass_examples:
        out += ["Does not fire on:", *(f"  - {e}" for e in rule.pass_examples[:3]), ""]
    how, where = how_to_suppress(rule)
    if not how:
        return "\n".join([*out, "Suppress it:", f"  {where}"]) + "\n"
    out += ["Suppress it:", f"  {how}   (Markdown; in text and reStructuredText use `# netlint-...` or `.. netlint-...`)",
            f"  or in .netlint.yaml: ignore: [{rule.id}]"]
    return "\n".join(out) + "\n"


@cli.command()
@click.option("--profile", type=click.Choice(PROFILES), default="national", show_default=True,
              help="Profile of the documents in this directory.")
@click.option("--select", multiple=True, help="Check families to select (e.g. NM1,NM6; default: all).")
@click.option("--force", is_flag=True, help="Overwrite an existing .netlint.yaml.")
def init(profile, select, force) -> None:
    """Write a starter .netlint.yaml here and print the pre-commit and GitHub Actions snippets."""
    from netlint import starter
    from netlint.packs import builtin_rules_dir, load_pack
    from netlint.yamlsrc import SourceError

    target = Path.cwd() / starter.CONFIG_NAME
    if target.exists() and not force:
        _fail(f"{starter.CONFIG_NAME} already exists; use --force to overwrite it")
    try:
        known = starter.families(list(load_pack([builtin_rules_dir()]).rules.values()))
    except SourceError as exc:
        _source_error(exc)
        return
    wanted = list(Selector.parse(select)) or list(known)
    unknown = [fam for fam in wanted if fam not in known]
    if unknown:
        _fail(f"unknown check family {unknown[0]!r}; families: {', '.join(known)}")
    write_atomic(str(target), starter.config_text(profile, {fam: known[fam] for fam in wanted}))
    click.echo(f"Wrote {starter.CONFIG_NAME} (profile {profile}; families {', '.join(wanted)}).\n")
    click.echo("To run netlint before each commit, add to .pre-commit-config.yaml:\n")
    click.echo(starter.PRE_COMMIT)
    click.echo("To annotate pull requests and upload to code scanning, add a GitHub Actions workflow:\n")
    click.echo(starter.GITHUB_ACTIONS, nl=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and return its exit status; tracebacks only for bugs, as exit 3."""
    try:
        cli.main(args=argv, prog_name="netlint", standalone_mode=False)
        return EXIT_OK
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("netlint: interrupted", err=True)
        return EXIT_INTERRUPT
    except KeyboardInterrupt:
        click.echo("netlint: interrupted", err=True)
        return EXIT_INTERRUPT
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        click.echo("netlint: internal error; please report it with this trace:", err=True)
        click.echo(traceback.format_exc(), err=True)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
