"""The window's strings, read from the frontend's catalogs (frontend/src/i18n/en.ts, ml.ts), so the
e2e test finds controls by the names a person reads, in either language, without a copy of them.

The catalogs are TypeScript object literals, one key a line (prettier's layout); this reads
exactly that layout and fails loudly on anything else."""
import re
import sys
from pathlib import Path

_OPEN = re.compile(r"^\s*'?([\w/-]+)'?: \{$")
_CLOSE = re.compile(r"^\s*\},?$")
_LEAF = re.compile(r"^\s*'?([\w/-]+)'?: '(.*)',$")
_KEY_ONLY = re.compile(r"^\s*'?([\w/-]+)'?:$")
_VALUE = re.compile(r"^\s*'(.*)',$")


def load(lang: str) -> dict:
    path = Path(__file__).resolve().parent.parent / "frontend" / "src" / "i18n" / f"{lang}.ts"
    out, stack, pending, started = {}, [], None, False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not started:
            started = bool(re.match(r"^export const \w+(: \w+)? = \{$", line))
            continue
        if pending is not None:
            m = _VALUE.match(line)
            if not m:
                sys.exit(f"{path}:{n}: expected the value of {pending}")
            out[".".join(stack + [pending])] = _unquote(m.group(1))
            pending = None
        elif m := _OPEN.match(line):
            stack.append(m.group(1))
        elif m := _LEAF.match(line):
            out[".".join(stack + [m.group(1)])] = _unquote(m.group(2))
        elif m := _KEY_ONLY.match(line):
            pending = m.group(1)
        elif _CLOSE.match(line):
            if not stack:
                break
            stack.pop()
        elif line.strip() and not line.strip().startswith("//"):
            sys.exit(f"{path}:{n}: cannot read {line!r}")
    return out


def _unquote(s: str) -> str:
    return s.replace("\\'", "'")


def plain(s: str) -> str:
    """A catalog string as the window shows it, without its markup (<path> and the like)."""
    return re.sub(r"</?\w+>", "", s)


if __name__ == "__main__":
    for lang in sys.argv[1:] or ["en", "ml"]:
        c = load(lang)
        print(lang, len(c), c["wizard.next"], c["count.members_other"])
