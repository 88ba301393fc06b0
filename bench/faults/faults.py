"""Runs fault scenarios against target/fluxlit.jar and prints one table row per scenario.

    python bench/faults/faults.py [--short | --long | --all | SCENARIO...] [--out DIR]

--short (the default) runs the ones scripts/test.sh runs; --long the bench-only ones (upstream
flapping, the soak). Start it through bench/faults/run.sh, which installs the tools and builds
the jar. Exit status 1 when a row fails its criterion. Raw outputs (gateway and upstream logs,
wrk and slowhttptest output) and report.md / rows.json go to --out.
"""

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import long_runs
import scenarios

ALL = {**scenarios.SHORT, **long_runs.LONG}


def table(rows):
    lines = ["| Fault (command) | What was done | What clients saw | Hangs | Gateway before → after (RSS / fds) "
             "| ERROR lines | Result |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        result = r.verdict + ("" if not r.failures else ": " + "; ".join(r.failures))
        lines.append(f"| `{r.name}` (`bash bench/faults/run.sh {r.name}`) | {r.done} | {r.clients} | {r.hangs} "
                     f"| {r.before} → {r.after} | {r.errors} | {result} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--short", action="store_true")
    group.add_argument("--long", action="store_true")
    group.add_argument("--all", action="store_true")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "results" / time.strftime("%Y%m%d-%H%M%S"))
    args = parser.parse_args()
    if args.names:
        unknown = [n for n in args.names if n not in ALL]
        if unknown:
            parser.error(f"unknown scenario(s) {unknown}; known: {', '.join(ALL)}")
        chosen = args.names
    elif args.long:
        chosen = list(long_runs.LONG)
    elif args.all:
        chosen = list(ALL)
    else:
        chosen = list(scenarios.SHORT)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in chosen:
        print(f"[faults] {name} ...", file=sys.stderr, flush=True)
        try:
            row = ALL[name](args.out)
        except Exception as e:  # a scenario that cannot run is a failed row, with the reason
            row = scenarios.Row(name, failures=[f"did not run: {type(e).__name__}: {e}"])
        rows.append(row)
        print(f"[faults] {name}: {row.verdict} in {row.seconds:.0f} s {'; '.join(row.failures)}",
              file=sys.stderr, flush=True)
    report = table(rows)
    (args.out / "report.md").write_text(report + "\n")
    (args.out / "rows.json").write_text(json.dumps([asdict(r) | {"verdict": r.verdict} for r in rows], indent=2))
    print(report)
    print(f"[faults] outputs in {args.out}", file=sys.stderr)
    sys.exit(1 if any(r.failures for r in rows) else 0)


if __name__ == "__main__":
    main()
