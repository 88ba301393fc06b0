#!/usr/bin/env python3
"""Lists which io.fluxlit packages each main package uses, and every pair that uses each other.

    python3 scripts/package-imports.py [src/main/java]

A use is an import, a static import, or a fully-qualified io.fluxlit name in code. Exit status 1
when two packages use each other (PackageCyclesTest checks the same in the build).
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src/main/java")
uses = {}
name = re.compile(r"\bio\.fluxlit(?:\.[a-z][a-z0-9]*)*(?=\.[A-Z])")
for source in root.rglob("*.java"):
    text = source.read_text(encoding="utf-8")
    own = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
    # Javadoc links are not uses: drop comments before looking.
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
    for used in name.findall(code):
        if used != own:
            uses.setdefault(own, set()).add(used)
    uses.setdefault(own, set())

for package in sorted(uses):
    print(package, "->", ", ".join(sorted(uses[package])) or "-")
mutual = sorted({tuple(sorted((a, b))) for a in uses for b in uses[a] if a in uses.get(b, ())})
print()
print(f"{len(mutual)} pairs of packages that use each other")
for a, b in mutual:
    print(f"  {a} <-> {b}")
sys.exit(1 if mutual else 0)
