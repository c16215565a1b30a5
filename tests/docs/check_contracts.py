#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_contracts.py ROOT: every kernel function has its contract.

Lists each non-static function defined in ROOT/mach/{kern,ipc,vm,riscv,lib,
device}/*.c with no comment immediately above its definition and none
immediately above its declaration in a header of mach/ (or above a group
of declarations written together, if it names the function or a pattern
that matches it, as convert_port_to_<object>), and fails if there is any.  What a contract says (what the function does;
Locks, Refs, Returns where they apply) is for a reader to judge: this only
keeps every function from having none (docs/style: kernel contract comments).
"""
import glob
import os
import re
import sys

DIRS = ("kern", "ipc", "vm", "riscv", "lib", "device")

# The name line of a definition in the project's style: the return type on
# the line before, the name at column 0.
NAME_LINE = re.compile(r"^([A-Za-z_]\w*)\s*\(")
# The type and the name on one line: "type name(args)", with the body
# after it or on the same line ("size_t task_count(void) { ... }").
ONE_LINE = re.compile(r"^(?!static\b)(?:[A-Za-z_][\w\s\*]*?[\s\*])([A-Za-z_]\w*)\s*\(")
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "do", "else"}


def ends_comment(line):
    """The line ends a comment of its own (not one after a declaration)."""
    s = line.strip()
    return (s.endswith("*/") and s.startswith(("/*", "*"))) or s.startswith("//")


def definitions(path):
    """(name, line number, commented) of each non-static definition."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    depth = 0
    for i, line in enumerate(lines):
        if depth == 0 and not line.startswith((" ", "\t", "#", "/", "*", "}")):
            name, first = None, None
            m = NAME_LINE.match(line)
            if m and i > 0 and lines[i - 1].strip() and not lines[i - 1].startswith(
                    (" ", "\t", "#", "/", "*", "}")) and not lines[i - 1].rstrip().endswith((";", "{")):
                name, first = m.group(1), i - 1
            else:
                m = ONE_LINE.match(line)
                if m:
                    name, first = m.group(1), i
            if name and name not in KEYWORDS and not name.startswith("__"):
                # A definition (not a type line's __attribute__): a '{' comes before any ';'.
                rest = "\n".join(lines[i:i + 12])
                brace, semi = rest.find("{"), rest.find(";")
                typeline = lines[first]
                if brace >= 0 and (semi < 0 or brace < semi) and \
                        not re.match(r"^(static|typedef|struct\s+\w+\s*\{|extern\s+\"C\")\b", typeline) and \
                        "=" not in rest[:brace]:
                    out.append((name, first + 1, first > 0 and ends_comment(lines[first - 1])))
        depth += line.count("{") - line.count("}")
    return out


def header_comments(root):
    """Names declared in mach/ headers with a comment above their group."""
    covered = set()
    for h in glob.glob(os.path.join(root, "mach", "**", "*.h"), recursive=True):
        lines = open(h, encoding="utf-8").read().split("\n")
        for i, line in enumerate(lines):
            if line.startswith(("#", " *", "/*", "//")) or "(" not in line:
                continue
            for name in re.findall(r"([A-Za-z_]\w*)\s*\(", line):
                if name in KEYWORDS or name.startswith("__"):
                    continue
                # The declaration may start a line above (its return type).
                j = i - 1
                if j >= 0 and lines[j].strip() and not ends_comment(lines[j]) and \
                        not lines[j].rstrip().endswith((";", "{", "}", "\\")) and \
                        not lines[j].startswith("#"):
                    j -= 1
                if j >= 0 and ends_comment(lines[j]):
                    covered.add(name)
                    break
                # Or a comment over a group of declarations written together
                # (no blank line) that names this one, or a pattern such as
                # convert_port_to_<object> that matches it.
                while j >= 0 and lines[j].strip() and not ends_comment(lines[j]) and \
                        not lines[j].startswith("#") and "{" not in lines[j] and "}" not in lines[j]:
                    j -= 1
                if j >= 0 and ends_comment(lines[j]):
                    k = j
                    while k > 0 and not lines[k].lstrip().startswith(("/*", "//")):
                        k -= 1
                    text = " ".join(lines[k:j + 1])
                    pats = [re.escape(a) + r"\w+" + re.escape(b)
                            for a, b in re.findall(r"(\w*)<\w+>(\w*)", text)]
                    if re.search(r"\b" + name + r"\b", text) or \
                            any(re.fullmatch(p, name) for p in pats):
                        covered.add(name)
                        break
    return covered


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    covered = header_comments(root)
    missing = []
    total = 0
    for d in DIRS:
        for c in sorted(glob.glob(os.path.join(root, "mach", d, "*.c"))):
            for name, line, commented in definitions(c):
                total += 1
                if not commented and name not in covered:
                    missing.append(f"{os.path.relpath(c, root)}:{line}: {name}")
    for m in missing:
        print("no contract: " + m)
    print(f"{total - len(missing)} of {total} kernel functions have a contract")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
