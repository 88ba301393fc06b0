#!/usr/bin/env python3
"""Lists which io.fluxlit packages each main package uses, and every cycle among packages and
among top-level folders (io.fluxlit.gateway.http counts as io.fluxlit.gateway).

    python3 scripts/package-imports.py [src/main/java]

A use is an import, a static import, or a fully-qualified io.fluxlit name in code. Exit status 1
when packages or folders use each other in a cycle (PackageStructureTest checks the same in the build).
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
def folder(package):
    return ".".join(package.split(".")[:3])


def cycles(graph):
    """One shortest round trip for each group of nodes that reach each other."""
    found, seen = [], set()
    for start in sorted(graph):
        previous, queue, path = {}, [start], None
        while queue and path is None:
            node = queue.pop(0)
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    path = [start]
                    step = node
                    while step != start:
                        path.insert(1, step)
                        step = previous[step]
                    path.append(start)
                    break
                if nxt not in previous and nxt != start:
                    previous[nxt] = node
                    queue.append(nxt)
        if path and start not in seen:
            seen.update(path)
            found.append(" -> ".join(path))
    return found


folders = {}
for package, used in uses.items():
    folders.setdefault(folder(package), set()).update(folder(u) for u in used if folder(u) != folder(package))

package_cycles = cycles(uses)
folder_cycles = cycles(folders)
print()
print(f"{len(package_cycles)} cycles among packages")
for cycle in package_cycles:
    print(f"  {cycle}")
print(f"{len(folder_cycles)} cycles among top-level folders")
for cycle in folder_cycles:
    print(f"  {cycle}")
sys.exit(1 if package_cycles or folder_cycles else 0)
