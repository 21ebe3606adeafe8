"""A tolerant reader for the data literals in a JavaScript (or Flow, or TypeScript) module.

Frameworks such as Medium's Snowflake keep their data in ``constants.js``: object and array
literals bound with ``export const NAME: Type = …``, next to code (arrow functions, d3
calls). Nothing here is evaluated. The module is tokenised; each top-level binding whose
value is a literal (objects with quoted or bare keys, arrays, strings in any quote style,
numbers, booleans, ``null``, references to earlier literals, ``+`` string concatenation,
trailing commas, type annotations and casts) is kept; every other statement is skipped and
its tokens are kept so that callers can read simple shapes in code, such as the
``case N: return M`` arms of a ``switch``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from multitrack.core.errors import ConversionError

__all__ = ["JsModule", "Token", "parse_module", "tokenize"]

_STATEMENT_WORDS = {
    "export", "const", "let", "var", "type", "opaque", "interface", "function", "import",
    "class", "module", "declare", "enum", "async",
}  # fmt: skip
_OPEN = {"{": "}", "[": "]", "(": ")", "{|": "|}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_PUNCT = sorted(
    ["=>", "...", "{|", "|}", "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "??", "?.",
     "+", "-", "*", "/", "%", "{", "}", "[", "]", "(", ")", ",", ":", ";", "=", ".", "?",
     "|", "&", "<", ">", "!", "~", "^", "@", "#"],
    key=len,
    reverse=True,
)  # fmt: skip
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?"
)
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@dataclass(frozen=True)
class Token:
    kind: str  # ident | string | number | punct | template
    value: Any
    line: int
    column: int
    newline_before: bool = False


class _NotLiteral(Exception):
    """The value is code, not a literal: the statement is skipped."""


def _error(name: str, line: int, col: int, what: str) -> ConversionError:
    return ConversionError(f"{name}:{line}:{col}: {what}")


def _read_string(text: str, i: int, quote: str, name: str, line: int, col: int):
    out: list[str] = []
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            nxt = text[j + 1 : j + 2]
            if nxt == "u" and text[j + 2 : j + 3] == "{":
                end = text.index("}", j)
                out.append(chr(int(text[j + 3 : end], 16)))
                j = end + 1
            elif nxt == "u":
                out.append(chr(int(text[j + 2 : j + 6], 16)))
                j += 6
            elif nxt == "x":
                out.append(chr(int(text[j + 2 : j + 4], 16)))
                j += 4
            elif nxt == "\n":  # line continuation
                j += 2
            else:
                out.append(_ESCAPES.get(nxt, nxt))
                j += 2
            continue
        if ch == quote:
            return _join_surrogates("".join(out)), j + 1
        if ch == "\n" and quote != "`":
            break
        out.append(ch)
        j += 1
    raise _error(name, line, col, f"string opened with {quote} is not closed")


def _join_surrogates(text: str) -> str:
    """``\\ud83d\\ude00`` escapes arrive as two halves; put the character together."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return text  # an unpaired half stays as written


def _skip_space(text: str, i: int, name: str, where) -> int:
    """Index past whitespace and comments starting at ``i`` (``i`` itself when none)."""
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise _error(name, *where(i), "comment opened with /* is not closed")
            i = end + 2
        else:
            break
    return i


def _next_token(text: str, i: int, tokens: list[Token], name: str, line: int, col: int):
    """(kind, value, end) of the token at ``i``."""
    ch = text[i]
    if ch in "'\"`":
        value, j = _read_string(text, i, ch, name, line, col)
        return ("template" if ch == "`" else "string"), value, j
    if ch == "/" and _regex_allowed(tokens) and (j := _skip_regex(text, i)) is not None:
        return "regex", text[i:j], j
    m = _NUMBER.match(text, i) if (ch.isdigit() or ch == ".") else None
    if m and m.group(0) not in (".", ""):
        return "number", _number(m.group(0)), m.end()
    if m := _IDENT.match(text, i):
        return "ident", m.group(0), m.end()
    for p in _PUNCT:
        if text.startswith(p, i):
            return "punct", p, i + len(p)
    raise _error(name, line, col, f"unexpected character {ch!r}")


def tokenize(text: str, name: str = "<js>") -> list[Token]:
    """Tokens of a JavaScript module; comments and whitespace dropped."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(i: int) -> tuple[int, int]:
        line = bisect_right(starts, i)
        return line, i - starts[line - 1] + 1

    tokens: list[Token] = []
    i, newline = 0, True
    while i < len(text):
        j = _skip_space(text, i, name, where)
        if j != i:
            newline = newline or "\n" in text[i:j]
            i = j
            continue
        line, col = where(i)
        kind, value, i = _next_token(text, i, tokens, name, line, col)
        tokens.append(Token(kind, value, line, col, newline))
        newline = False
    return tokens


def _regex_allowed(tokens: list[Token]) -> bool:
    if not tokens:
        return True
    last = tokens[-1]
    if last.kind == "ident":
        return last.value in ("return", "typeof", "case", "in", "of", "void")
    return last.kind == "punct" and last.value not in (")", "]", "}", "|}")


def _skip_regex(text: str, i: int) -> int | None:
    """End of a regular-expression literal starting at ``i``, or None if it is not one."""
    j, in_class = i + 1, False
    while j < len(text) and text[j] != "\n":
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            j += 1
            while j < len(text) and (text[j].isalpha()):
                j += 1
            return j
        j += 1
    return None


def _number(raw: str) -> int | float:
    raw = raw.replace("_", "")
    if raw[:2].lower() in ("0x", "0o", "0b"):
        return int(raw, 0)
    value = float(raw)
    return int(value) if value.is_integer() and not any(c in raw for c in ".eE") else value


@dataclass
class JsModule:
    """The literal bindings of a module, and the tokens of every statement that was not."""

    name: str
    values: dict[str, Any] = field(default_factory=dict)
    code: dict[str, list[Token]] = field(default_factory=dict)

    def switch_map(self, binding: str) -> dict[Any, Any]:
        """``case K: return V`` arms (literal K and V) found in a code binding, in order."""
        out: dict[Any, Any] = {}
        toks = self.code.get(binding, [])
        for i, t in enumerate(toks):
            if not (t.kind == "ident" and t.value == "case"):
                continue
            try:
                key, j = _Parser(toks, self.name, self.values).value_at(i + 1)
                if toks[j].value != ":" or toks[j + 1].value != "return":
                    continue
                val, _ = _Parser(toks, self.name, self.values).value_at(j + 2)
            except (_NotLiteral, IndexError):
                continue
            out[key] = val
        return out


class _Parser:
    def __init__(self, tokens: list[Token], name: str, known: dict[str, Any]) -> None:
        self.t = tokens
        self.i = 0
        self.name = name
        self.known = known

    # ----------------------------------------------------------------- helpers
    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        return self.t[j] if j < len(self.t) else None

    def is_(self, value: str, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok is not None and tok.kind in ("punct", "ident") and tok.value == value

    def take(self, value: str) -> Token:
        tok = self.peek()
        if tok is None or tok.value != value or tok.kind not in ("punct", "ident"):
            raise _NotLiteral(value)
        self.i += 1
        return tok

    def value_at(self, i: int) -> tuple[Any, int]:
        self.i = i
        return self.value(), self.i

    # ----------------------------------------------------------------- values
    def value(self) -> Any:
        left = self.primary()
        while self.is_("+"):
            self.i += 1
            right = self.primary()
            if not (isinstance(left, str) and isinstance(right, str | int | float)):
                raise _NotLiteral("+")
            left = left + str(right)
        if self.is_("as"):  # TypeScript cast
            self.i += 1
            self.skip_type(stop={",", "}", "]", ")", ";"})
        return left

    def primary(self) -> Any:
        tok = self.peek()
        if tok is None:
            raise _NotLiteral("end")
        self.i += 1
        if tok.kind in ("string", "number"):
            return tok.value
        if tok.kind == "template":
            if "${" in tok.value:
                raise _NotLiteral("template with substitutions")
            return tok.value
        if tok.kind == "punct":
            return self.punct_value(tok)
        words = {"true": True, "false": False, "null": None, "undefined": None}
        if tok.value in words:
            return words[tok.value]
        if tok.value in self.known and not self.is_(".") and not self.is_("("):
            return self.known[tok.value]
        raise _NotLiteral(tok.value)

    def punct_value(self, tok: Token) -> Any:
        if tok.value == "{":
            return self.obj()
        if tok.value == "[":
            return self.arr()
        if tok.value in ("-", "+"):
            num = self.primary()
            if not isinstance(num, int | float):
                raise _NotLiteral(tok.value)
            return -num if tok.value == "-" else num
        if tok.value == "(":  # parenthesised value or a Flow cast (value: Type)
            inner = self.value()
            if self.is_(":"):
                self.i += 1
                self.skip_type(stop={")"})
            self.take(")")
            if self.is_("=>"):
                raise _NotLiteral("arrow function")
            return inner
        raise _NotLiteral(tok.value)

    def obj(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while not self.is_("}"):
            key_tok = self.peek()
            if key_tok is None or key_tok.value == "...":
                raise _NotLiteral("spread")
            self.i += 1
            if key_tok.kind not in ("ident", "string", "number"):
                raise _NotLiteral("computed key")
            key = str(key_tok.value)
            if self.is_(":"):
                self.i += 1
                out[key] = self.value()
            elif key_tok.kind == "ident" and key in self.known:  # shorthand {tracks}
                out[key] = self.known[key]
            else:
                raise _NotLiteral("method or shorthand")
            if not self.is_(","):
                break
            self.i += 1
        self.take("}")
        return out

    def arr(self) -> list[Any]:
        out: list[Any] = []
        while not self.is_("]"):
            out.append(self.value())
            if not self.is_(","):
                break
            self.i += 1
        self.take("]")
        return out

    # ------------------------------------------------------------------ types
    def skip_type(self, stop: set[str]) -> None:
        """Skip a type annotation up to a stop token at depth 0."""
        depth = 0
        while (tok := self.peek()) is not None:
            v = tok.value if tok.kind == "punct" else None
            if depth == 0 and v in stop:
                return
            if v in _OPEN or v == "<":
                depth += 1
            elif v in _CLOSE or v == ">":
                depth -= 1
                if depth < 0:
                    return
            self.i += 1


def _statement_end(tokens: list[Token], i: int) -> int:
    """Index just past the statement starting at ``i`` (ASI-aware, bracket-balanced)."""
    depth = 0
    j = i
    while j < len(tokens):
        tok = tokens[j]
        v = tok.value if tok.kind == "punct" else None
        if j > i and depth == 0 and tok.newline_before and tok.value in _STATEMENT_WORDS:
            return j
        if v in _OPEN:
            depth += 1
        elif v in _CLOSE:
            depth -= 1
        elif v == ";" and depth <= 0:
            return j + 1
        j += 1
    return j


_DECLARE = {"export", "declare", "const", "let", "var"}
_CODE = {"function", "async", "class", "enum"}
_TYPES = {"type", "interface", "opaque", "import"}


def _bindings(tokens: list[Token]) -> Iterator[tuple[str, int, int, str]]:
    """(name, start, statement end, kind) per top-level statement.

    kind is ``binding`` (start is just after the name: an optional type, then ``=``),
    ``default`` (start is the value) or ``code`` (start is the statement's first token).
    Type declarations are dropped.
    """
    i = 0
    while i < len(tokens):
        end = max(_statement_end(tokens, i), i + 1)
        j = i
        while j < end and tokens[j].kind == "ident" and tokens[j].value in _DECLARE:
            j += 1
        head = tokens[j] if j < end else None
        if head is None or head.kind != "ident" or head.value in _TYPES:
            i = end
            continue
        if head.value == "default":
            yield "default", j + 1, end, "default"
        elif head.value in _CODE:
            names = [t.value for t in tokens[j + 1 : end][:3] if t.kind == "ident"]
            names = [n for n in names if n not in _CODE]
            if names:
                yield names[0], i, end, "code"
        else:
            name, k = head.value, j + 1
            while k + 1 < end and tokens[k].value == "." and tokens[k + 1].kind == "ident":
                name = tokens[k + 1].value  # module.exports.X = … binds X
                k += 2
            yield name, k, end, "binding"
        i = end


def _literal(part: list[Token], name: str, known: dict[str, Any], kind: str) -> Any:
    """The literal value of one statement, or _NotLiteral."""
    p = _Parser(part, name, known)
    if kind == "binding":
        if p.is_(":"):  # a type annotation on the binding
            p.i += 1
            p.skip_type(stop={"="})
        p.take("=")
    value = p.value()
    if any(t.value != ";" for t in part[p.i :]):
        raise _NotLiteral("trailing code")
    return value


def parse_module(text: str, name: str = "<js>") -> JsModule:
    """Read every literal binding of a JS/Flow/TS module without evaluating anything.

    Raises ConversionError (file:line:column) for text that cannot be tokenised.
    """
    tokens = tokenize(text, name)
    mod = JsModule(name)
    for binding, start, end, kind in _bindings(tokens):
        part = tokens[start:end]
        if kind != "code":
            try:
                mod.values[binding] = _literal(part, name, mod.values, kind)
                continue
            except _NotLiteral:
                pass
        mod.code[binding] = tokens[start:end]
    return mod
