"""spaCy's attribute_ruler, compiled: the same annotations at a fraction of the cost.

en_core_web_sm's ``attribute_ruler`` maps each fine tag to its part of speech
and morphology, plus a few exceptions ("gonna", "there is"), with 179 Matcher
patterns.  The generic Matcher tries every pattern at every token, and on
White House texts that was about a third of the parse time.  Nearly every
pattern is one token with exact values, so this component indexes the
patterns by the first token's tag, lower-case form or dependency, checks the
few candidates each token has, and applies the attributes the ruler would, in
the ruler's order (a later pattern wins).  ``tests/test_extract_attributes.py``
holds it to the ruler's output, token by token.

The ruler itself stays in the pipeline, disabled: its patterns are read from
it when this component is built, so a pipeline with other patterns gets those.
A pattern this compiler does not understand (an ``OP``, another attribute)
makes it refuse, and the pipeline keeps the ruler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

RULER = "attribute_ruler"
NAME = "barter_attributes"
# the token attributes a pattern may test, in the column order of Doc.to_array
FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
COLUMNS = [TAG, LOWER, DEP, IS_SPACE]


class Uncompilable(ValueError):
    """A ruler pattern this compiler does not read; keep the ruler."""


@dataclass(frozen=True)
class TokenTest:
    column: int
    kind: str  # "eq", "in", "not_in", "regex"
    value: object  # a hash, a frozenset of hashes, or a compiled regex (on the lower-case text)

    def holds(self, row, strings) -> bool:
        found = int(row[self.column])
        if self.kind == "eq":
            return found == self.value
        if self.kind == "in":
            return found in self.value
        if self.kind == "not_in":
            return found not in self.value
        return self.value.search(strings[found]) is not None


@dataclass(frozen=True)
class Rule:
    order: int  # the ruler's attr_id: later rules win
    tests: tuple[tuple[TokenTest, ...], ...]  # one tuple of tests per token of the pattern
    attrs: dict
    index: int  # which token of the match gets the attributes (negative: from the end)


class CompiledAttributeRuler:
    def __init__(self, patterns: list[dict], attrs: list[dict], indices: list[int], strings) -> None:
        self.strings = strings
        # one-token rules decide from the token's own values; rules over several tokens need neighbours
        self.single_by_first: dict[tuple[int, int], list[Rule]] = {}
        self.single_unindexed: list[Rule] = []
        self.spanning_by_first: dict[tuple[int, int], list[Rule]] = {}
        self.spanning_unindexed: list[Rule] = []
        self._cache: dict[tuple, dict] = {}
        for order, (entry, normalized, index) in enumerate(zip(patterns, attrs, indices)):
            for pattern in entry["patterns"]:
                if not pattern:
                    raise Uncompilable("an empty pattern")
                rule = Rule(order, tuple(self._compile_token(spec) for spec in pattern), normalized, index)
                if len(rule.tests) == 1:
                    self._index(rule, self.single_by_first, self.single_unindexed)
                else:
                    self._index(rule, self.spanning_by_first, self.spanning_unindexed)

    def _value(self, field: str, value):
        if field == "IS_SPACE":
            return int(bool(value))
        return self.strings.add(value) if isinstance(value, str) else value

    def _compile_token(self, spec: dict) -> tuple[TokenTest, ...]:
        tests = []
        for field, value in spec.items():
            if field not in FIELDS:
                raise Uncompilable(f"pattern tests {field}")
            column = FIELDS[field]
            if not isinstance(value, dict):
                tests.append(TokenTest(column, "eq", self._value(field, value)))
                continue
            if len(value) != 1:
                raise Uncompilable(f"pattern has {sorted(value)}")
            (kind, operand), = value.items()
            if kind in ("IN", "NOT_IN"):
                tests.append(TokenTest(column, kind.lower(), frozenset(self._value(field, v) for v in operand)))
            elif kind == "REGEX" and field == "LOWER":
                tests.append(TokenTest(column, "regex", re.compile(operand)))
            else:
                raise Uncompilable(f"pattern uses {kind} on {field}")
        return tuple(tests)

    @staticmethod
    def _index(rule: Rule, by_first: dict, unindexed: list) -> None:
        """File a rule under every (column, value) its first token must have, or as unindexed."""
        first = rule.tests[0]
        exact = [t for t in first if t.kind == "eq" and t.column != FIELDS["IS_SPACE"]]
        members = [t for t in first if t.kind == "in"]
        if exact:
            keys = [(exact[0].column, exact[0].value)]
        elif members:
            keys = [(members[0].column, value) for value in members[0].value]
        else:
            unindexed.append(rule)
            return
        for key in keys:
            by_first.setdefault(key, []).append(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = [tuple(row) for row in doc.to_array(COLUMNS).tolist()]
        spanning: dict[int, list[tuple[int, dict]]] = {}  # target -> (order, attrs) of multi-token matches
        for i in self._may_start_spanning(rows):
            for rule in self._candidates(rows[i], self.spanning_by_first, self.spanning_unindexed):
                end = i + len(rule.tests)
                if end <= len(rows) and all(self._holds(tests, rows[j]) for j, tests in zip(range(i, end), rule.tests)):
                    target = i + (rule.index if rule.index >= 0 else len(rule.tests) + rule.index)
                    spanning.setdefault(target, []).append((rule.order, rule.attrs))
        for i, row in enumerate(rows):
            attrs = self._single_token_attrs(row)
            if i in spanning:
                attrs = self._merged(row, spanning[i])
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _holds(self, tests: tuple[TokenTest, ...], row) -> bool:
        return all(test.holds(row, self.strings) for test in tests)

    def _single_token_attrs(self, row) -> dict:
        """What the one-token rules set on a token with these values: a pure function of them, so cached."""
        attrs = self._cache.get(row)
        if attrs is None:
            attrs = {}
            for _, rule_attrs in self._single_matches(row):
                attrs.update(rule_attrs)
            if len(self._cache) < 100_000:
                self._cache[row] = attrs
        return attrs

    def _single_matches(self, row) -> list[tuple[int, dict]]:
        rules = self._candidates(row, self.single_by_first, self.single_unindexed)
        return sorted(((rule.order, rule.attrs) for rule in rules if self._holds(rule.tests[0], row)),
                      key=lambda match: match[0])

    def _merged(self, row, spanning: list[tuple[int, dict]]) -> dict:
        attrs: dict = {}
        for _, rule_attrs in sorted(self._single_matches(row) + spanning, key=lambda match: match[0]):
            attrs.update(rule_attrs)
        return attrs

    def _may_start_spanning(self, rows) -> list[int]:
        if self.spanning_unindexed:
            return list(range(len(rows)))
        keys = self.spanning_by_first
        return [i for i, row in enumerate(rows) if any((column, row[column]) in keys for column in (0, 1, 2))]

    @staticmethod
    def _candidates(row, by_first: dict, unindexed: list) -> list[Rule]:
        found: list[Rule] = []
        for column in (0, 1, 2):
            rules = by_first.get((column, row[column]))
            if rules:
                found.extend(rules)
        found.extend(unindexed)
        return found


@Language.factory(NAME)
def make_compiled_ruler(nlp: Language, name: str) -> CompiledAttributeRuler:
    ruler = nlp.get_pipe(RULER)
    return CompiledAttributeRuler(ruler.patterns, ruler.attrs, ruler.indices, nlp.vocab.strings)


def use_compiled_ruler(nlp: Language) -> bool:
    """Run the compiled ruler in the attribute_ruler's place; False (the ruler kept) when it cannot be compiled."""
    if RULER not in nlp.pipe_names or NAME in nlp.component_names:
        return False
    try:
        nlp.add_pipe(NAME, after=RULER)
    except Uncompilable:
        return False
    nlp.disable_pipe(RULER)
    return True
