#!/usr/bin/env python3
"""Runs a Markdown page's code blocks as a new user would, in a fresh project directory.

Every fenced block of the page carries its role in the info string, after the language,
so the page stays readable on GitHub (which shows only the language):

  ```cpp file=models/note.hpp               the block is the whole file (created or replaced)
  ```cpp file=models/note.hpp after="TEXT"  inserted after the one line containing TEXT
  ```cpp file=models/note.hpp replace="TEXT"  replaces the one line containing TEXT
  ```sh run                                 run with bash -euo pipefail in the project
  ```sh run fails                           the same, and it must fail
  ```text output                            each line is, in order, a whole line of the output
                                            of the run block before it ("…" matches anything)
  ```cpp expect=GLOB                        each line is, in order, in a line of the one
                                            file matching GLOB (an excerpt may leave out
                                            the start or end of a line)
Lines are compared with runs of whitespace as one space and without leading or trailing
whitespace.
  ```text illustration                      not code: a diagram or a directory tree
  ```sh not-run="REASON"                    a command for strata's own repository, named
                                            with the reason it is not run here

A `file=` path may be a glob matching exactly one existing file. `only=A,B` limits a block
to the variants named (the test runs the page once per variant: installed, fetchcontent).
A block without a role, or a role on the wrong kind of block, fails the run: every piece
of code on the page is executed or checked.

The one liberty taken with the text: placeholders a reader replaces with their own values
(--subst OLD=NEW: the install prefix, the path of their clone, their database URL).
Shell state (exported variables, the working directory) carries from one run block to
the next, as in one terminal.
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys

FENCE = re.compile(r"^(`{3,})(.*)$")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = ("file", "run", "output", "expect", "illustration", "not-run")


class DocError(Exception):
    pass


class Block:
    def __init__(self, doc, line, lang, attrs, text):
        self.doc, self.line, self.lang, self.attrs, self.text = doc, line, lang, attrs, text

    def where(self):
        return f"{self.doc}:{self.line}"

    def role(self):
        roles = [r for r in ROLES if r in self.attrs]
        if len(roles) != 1:
            raise DocError(f"{self.where()}: error: a code block needs exactly one role "
                           f"({', '.join(ROLES)}) in its info string; it has "
                           f"{roles or 'none'}: ```{self.lang} "
                           f"{' '.join(f'{k}={v}' if v is not True else k for k, v in self.attrs.items())}")
        return roles[0]


def parse(path):
    """The fenced blocks of the Markdown file at path."""
    blocks, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i].strip())
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2).strip()
        words = shlex.split(info) if info else []
        lang = words[0] if words and "=" not in words[0] else ""
        attrs = {}
        for word in words[1:] if lang else words:
            key, eq, value = word.partition("=")
            attrs[key] = value if eq else True
        start, i = i + 1, i + 1
        while i < len(lines) and lines[i].strip() != fence:
            i += 1
        if i == len(lines):
            raise DocError(f"{path}:{start}: error: code block never closed")
        blocks.append(Block(os.path.relpath(path, REPO), start, lang, attrs, "\n".join(lines[start:i]) + "\n"))
        i += 1
    return blocks


def normalise(line):
    return " ".join(line.split())


def line_pattern(line):
    """A regex for one expected line: '…' matches anything, whitespace runs any whitespace."""
    parts = [re.escape(p) for p in normalise(line).split("…")]
    return re.compile(".*".join(p.replace(r"\ ", r"\s+") for p in parts))


def expect_lines(block, expected, actual, what, whole_lines=True):
    """Each non-empty expected line matches a line of actual (or a part of one), in order."""
    actual_lines = [normalise(l) for l in actual.split("\n")]
    pos = 0
    for line in expected.split("\n"):
        if not line.strip():
            continue
        pattern = line_pattern(line)
        match = pattern.fullmatch if whole_lines else pattern.search
        while pos < len(actual_lines) and not match(actual_lines[pos]):
            pos += 1
        if pos == len(actual_lines):
            raise DocError(f"{block.where()}: error: {what} lacks the line (in this order):\n"
                           f"  {line.strip()}\n--- {what} ---\n{actual}")
        pos += 1


def one_file(block, project, pattern):
    matches = sorted(glob.glob(os.path.join(project, pattern)))
    if len(matches) != 1:
        raise DocError(f"{block.where()}: error: '{pattern}' matches {len(matches)} files, not one: "
                       f"{[os.path.relpath(m, project) for m in matches]}")
    return matches[0]


def edit_file(block, project, text):
    target = block.attrs["file"]
    anchor = block.attrs.get("after") or block.attrs.get("replace")
    if anchor is None:
        path = os.path.join(project, target)
        if "*" not in target:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        else:
            path = one_file(block, project, target)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return f"wrote {target}"
    path = one_file(block, project, target)
    lines = open(path, encoding="utf-8").read().split("\n")
    hits = [i for i, l in enumerate(lines) if anchor in l]
    if len(hits) != 1:
        raise DocError(f"{block.where()}: error: '{anchor}' is on {len(hits)} lines of "
                       f"{os.path.relpath(path, project)}, not one:\n" + "\n".join(lines))
    new = text.rstrip("\n").split("\n")
    at = hits[0]
    lines[at:at + 1] = [lines[at]] + new if "after" in block.attrs else new
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return f"edited {os.path.relpath(path, project)}"


def run_shell(block, project, state, text):
    """Runs text in bash with the state (exports, cwd) the previous block left."""
    script = (f"set -euo pipefail\nsource {shlex.quote(state)}\n"
              f"trap 'export -p > {shlex.quote(state)}.new; echo \"cd $(printf %q \"$PWD\")\" "
              f">> {shlex.quote(state)}.new' EXIT\n{text}")
    proc = subprocess.run(["bash", "-c", script], cwd=project, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace")
    if os.path.exists(state + ".new"):
        os.replace(state + ".new", state)
    return proc.returncode, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("doc")
    ap.add_argument("--variant", required=True)
    ap.add_argument("--project", help="the fresh project directory (recreated)")
    ap.add_argument("--subst", action="append", default=[], metavar="OLD=NEW")
    ap.add_argument("--check-only", action="store_true",
                    help="only check that every block has a valid role")
    args = ap.parse_args()
    substitutions = [s.split("=", 1) for s in args.subst]
    try:
        blocks = parse(args.doc)
        for block in blocks:
            role = block.role()
            if role == "illustration" and block.lang not in ("", "text"):
                raise DocError(f"{block.where()}: error: a ```{block.lang} block is code; "
                               "only text may be an illustration")
            if role in ("run", "not-run") and block.lang not in ("sh", "bash", "console"):
                raise DocError(f"{block.where()}: error: '{role}' needs a ```sh block")
        if args.check_only:
            print(f"{args.doc}: {len(blocks)} code blocks, each with a role")
            return 0
        project = os.path.abspath(args.project)
        subprocess.run(["rm", "-rf", project], check=True)
        os.makedirs(project)
        state = project + ".shell-state"
        with open(state, "w") as f:
            f.write(f"cd {shlex.quote(project)}\n")
        last_output, last_run = None, None
        for block in blocks:
            only = block.attrs.get("only")
            if only and args.variant not in only.split(","):
                continue
            text = block.text
            for old, new in substitutions:
                text = text.replace(old, new)
            role = block.role()
            print(f"== {block.where()}: {role} {block.attrs.get(role) if block.attrs.get(role) is not True else ''}",
                  flush=True)
            if role == "file":
                print(edit_file(block, project, text))
            elif role == "run":
                print(text, end="")
                rc, out = run_shell(block, project, state, text)
                print(out, end="", flush=True)
                if "fails" in block.attrs and rc == 0:
                    raise DocError(f"{block.where()}: error: the commands succeeded; the page says they fail")
                if "fails" not in block.attrs and rc != 0:
                    raise DocError(f"{block.where()}: error: the commands failed (exit {rc})")
                last_output, last_run = out, block
            elif role == "output":
                if last_run is None:
                    raise DocError(f"{block.where()}: error: an output block with no run block before it")
                expect_lines(block, text, last_output, f"the output of {last_run.where()}")
            elif role == "expect":
                path = one_file(block, project, block.attrs["expect"])
                expect_lines(block, text, open(path, encoding="utf-8").read(),
                             os.path.relpath(path, project), whole_lines=False)
            elif role == "not-run":
                print(f"   not run here: {block.attrs['not-run']}")
        print(f"{args.doc}: every block of variant '{args.variant}' ran as written")
        return 0
    except DocError as e:
        print(e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
