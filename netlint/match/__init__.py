"""Matching: rule phrases compiled into token patterns (phrases, inflect, plan) and run (matcher).

    phrases.py    the phrase language → spaCy token patterns
    inflect.py    inflection classes, netlint's own NORM table
    plan.py       the compiled plan and its index (what the cache stores); key roles
    tokenmatch.py netlint's matcher for one token pattern
    matcher.py    PackMatcher: a plan run on a sentence
"""

from netlint.match.matcher import PackMatcher, Prepared, compile_pack
from netlint.match.plan import KeyInfo, Plan, Role, make_nlp

__all__ = ["KeyInfo", "PackMatcher", "Plan", "Prepared", "Role", "compile_pack", "make_nlp"]
