"""Text from the documentation, made inert for GitHub markdown (the drift pull request, the failure issue).

A property name, a ``pattern`` or a path in a docs page ends up in ``openapi/CHANGES.md``, the body
of a pull request.  There it must read as what it is and do nothing: no ``@mention`` that pings
someone, no HTML, comment or image, no link, no issue reference, no table cell it breaks out of.

* :func:`code` puts it in a code span with more backticks than it holds (GitHub renders nothing
  inside one: no mention, no HTML, no link), on one line.
* :func:`plain` escapes it as text: HTML special characters, ``@`` and ``#`` as character
  references, the markdown punctuation that starts links, code or emphasis with a backslash, and
  the ``://`` and ``www.`` that GitHub would turn into links.
* :func:`fence` puts many lines in a fenced block whose fence is longer than any run of backticks
  or tildes inside.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_BACKTICKS = re.compile(r"`+")
#: Written as character references: HTML, mentions and issue references (``#12``) stay text.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;", "#": "&#35;"}
#: Escaped with a backslash: links and images (``[``, ``!``), code, emphasis, strikethrough, table cells.
_PUNCTUATION = set("\\`*[]!|~")


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", str(text))


def code(text: object, *, in_table: bool = False) -> str:
    """``text`` as a code span that nothing inside can end early; ``|`` escaped for a table cell."""
    value = _one_line(str(text))
    longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
    ticks = "`" * (longest + 1)
    if value.startswith("`") or value.endswith("`") or not value.strip():
        value = f" {value} "
    if in_table:
        value = value.replace("|", "\\|")
    return f"{ticks}{value}{ticks}"


def plain(text: object) -> str:
    """``text`` escaped to render as itself: no HTML, mention, reference, link or emphasis."""
    out = []
    for char in _one_line(str(text)):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out).replace("://", "&#58;//").replace("www.", "www&#46;")


def fence(text: str, info: str = "text") -> str:
    """``text`` in a fenced code block whose fence no line of it can close."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{info}\n{text.rstrip()}\n{marker}\n"


def main(argv: list[str] | None = None) -> int:
    """Print standard input made inert: as a code span (default), as escaped text or fenced."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Make text inert for GitHub markdown (standard input to output).")
    parser.add_argument("--as", dest="form", choices=("code", "plain", "fence"), default="code")
    args = parser.parse_args(argv)
    text = sys.stdin.read()
    print(fence(text) if args.form == "fence" else code(text) if args.form == "code" else plain(text))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
