"""Which rules run: the built-in pack plus rule directories, selected by config and command line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from netlint.config import Config, check_ids
from netlint.packs import Pack, Rule, builtin_rules_dir
from netlint.selector import Selector, is_selected
from netlint.yamlsrc import SourceError


def load_rules(cfg: Config, rules_dirs: list[str]) -> Pack:
    """The built-in pack plus rule directories from the config and the command line (cached)."""
    from netlint.cache import cached_pack

    return cached_pack([builtin_rules_dir(), *cfg.rules, *(Path(d) for d in rules_dirs)])


def known_ids(pack: Pack) -> set[str]:
    """Every ID a selection or directive may name: the pack's rules and netlint's own checks."""
    from netlint.suppression import meta_rules

    return set(pack.rules) | {r.id for r in meta_rules()}


def active_rules(pack: Pack, cfg: Config, select: Selector | None, ignore: Selector | None,
                 extend_select: Selector | None) -> list[Rule]:
    """Rules selected by config and command line (the command line replaces the config's lists,
    and adds to its extend-select), with the config's severities; unknown IDs are usage errors."""
    known = known_ids(pack)
    for key, given in (("--select", select), ("--ignore", ignore), ("--extend-select", extend_select)):
        for rid in (given.unknown(known) if given else ()):
            raise SourceError(key, 0, f"unknown rule ID or prefix {rid!r}; see `netlint rules`")
    check_ids(cfg, known)
    chosen = select if select is not None else cfg.select
    ignored = ignore if ignore is not None else cfg.ignore
    extend = Selector((*(extend_select or ()), *cfg.extend_select))
    out = []
    for rule in sorted(pack.rules.values(), key=lambda r: r.id):
        if rule.kind != "directive" and is_selected(rule.id, chosen, ignored, extend):  # NL rules: suppression
            if rule.id in cfg.severity:
                rule = replace(rule, level=cfg.severity[rule.id])
            out.append(rule)
    return out
