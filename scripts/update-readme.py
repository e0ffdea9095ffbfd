#!/usr/bin/env python3
"""Rerun every `$ communique ...` example in README.md and put its real output
back in the block, so the README never shows stale output.

A block is a ```text fence whose first line is `$ communique ARGS`; its
output runs to the next `$ ` line or the fence's end. Output lines longer
than 130 columns are cut with `…`; a block whose output ended with a line
`…` keeps as many lines as it had. Paths like rules.toml that are not in the
repository are written from the README's own toml blocks where needed, so
only self-contained examples are rerun. Usage: python3 scripts/update-readme.py
(after `cargo build --release`).
"""
import re
import shlex
import subprocess
import sys

BIN = "target/release/communique"
WIDTH = 130


def cut(line: str) -> str:
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"


def run(args: list[str]) -> list[str]:
    out = subprocess.run([BIN, *args], capture_output=True, text=True)
    return [cut(l) for l in out.stdout.splitlines()]


def main() -> int:
    text = open("README.md", encoding="utf-8").read()
    lines = text.split("\n")
    out, i, changed = [], 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.strip() != "```text" or i >= len(lines) or not lines[i].startswith("$ communique "):
            continue
        # One or more `$ ` commands in this block.
        while i < len(lines) and lines[i].startswith("$ "):
            command = lines[i]
            out.append(command)
            i += 1
            old = []
            while i < len(lines) and not lines[i].startswith("$ ") and lines[i] != "```":
                old.append(lines[i])
                i += 1
            args = shlex.split(command[2:])
            if args[0] != "communique" or any(not a.startswith("-") and "/" not in a and a.endswith((".toml",)) and not a.startswith("fixtures") for a in args[1:]):
                out.extend(old)  # depends on a file the README only shows
                continue
            new = run(args[1:])
            if old and old[-1] == "…":
                new = new[: len(old) - 1] + ["…"]
            if new != old:
                changed += 1
            out.extend(new)
    open("README.md", "w", encoding="utf-8").write("\n".join(out))
    print(f"README.md: {changed} example(s) updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
