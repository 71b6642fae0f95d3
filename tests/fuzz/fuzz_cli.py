#!/usr/bin/env python3
"""Fuzz and property suite for the wprox command line.

usage: fuzz_cli.py WPROX SEED COUNT [--jobs J] [--keep DIR] [--no-regressions]

Runs the regression cases (the hostile inputs of issue 13) and COUNT seeded
random cases across every method and problem `wprox list` shows, checking
the properties in check.py. A failure prints the case's label and its
command line; `fuzz_cli.py WPROX SEED COUNT` reproduces it exactly. Under
sanitizers (WPROX_SANITIZED=1) each case gets more time.
"""
import argparse
import concurrent.futures
import os
import shlex
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cases  # noqa: E402
import check  # noqa: E402
import regressions  # noqa: E402
import schema  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wprox")
    ap.add_argument("seed", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--jobs", type=int, default=max(2, 2 * (os.cpu_count() or 1)))
    ap.add_argument("--keep", help="build the cases' files here and keep them")
    ap.add_argument("--no-regressions", action="store_true")
    a = ap.parse_args()
    slow = 4 if os.environ.get("WPROX_SANITIZED") else 1
    # Every case is cheap (well under a second of CPU); the margin is for a
    # machine shared with other jobs. A hang is a bug however long the limit.
    timeout = 120 * slow
    env = dict(os.environ)
    wprox = os.path.abspath(a.wprox)
    start = time.time()
    catalog = schema.Catalog(wprox)
    root = a.keep or tempfile.mkdtemp(prefix="wprox-fuzz-")
    os.makedirs(root, exist_ok=True)
    todo = []
    if not a.no_regressions:
        todo += regressions.cases(os.path.join(root, "regressions"))
    todo += [cases.build(catalog, a.seed, i, root) for i in range(a.count)]

    def one(case):
        code, err = check.run(wprox, case.argv, timeout, env)
        folder = getattr(case, "folder", None)
        return case, code, err, check.problems(code, err, case.out, getattr(case, "expect", None), folder)

    codes, failures = {}, 0
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for case, code, err, bad in pool.map(one, todo):
            codes[code] = codes.get(code, 0) + 1
            if bad:
                failures += 1
                print("FAIL case %s [%s]: %s\n  wprox %s\n  stderr: %s" % (
                    case.index, case.label, "; ".join(bad), " ".join(shlex.quote(x[:200]) for x in case.argv),
                    err.strip()[:1500].replace("\n", "\n          ")))
    if not a.keep:
        import shutil
        shutil.rmtree(root, ignore_errors=True)
    summary = ", ".join("exit %s: %d" % (k, v) for k, v in sorted(codes.items(), key=lambda kv: str(kv[0])))
    print("fuzz: seed %d, %d cases (%d regression + %d random) over %d methods and %d problems in %.1f s; %s; "
          "%d failed" % (a.seed, len(todo), len(todo) - a.count, a.count, len(catalog.methods),
                         len(catalog.problems), time.time() - start, summary, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
