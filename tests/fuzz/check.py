"""Runs one wprox command and checks the properties every input must keep:

- the exit code is 0 (done), 2 (bad input) or 3 (diverged or a solve
  failed): never a signal, an "internal error" (1) or a sanitizer's report;
- it ends within the time limit;
- on exit 2 stderr is exactly one line, and nothing was written: neither
  the --out folder nor its staging folder DIR.partial exists;
- on exit 0 or 3 with --out, DIR holds summary.json and DIR.partial is gone
  (the results are never lost or left half-moved).
"""
import os
import signal
import subprocess


def run(wprox, argv, timeout, env):
    try:
        p = subprocess.run([wprox] + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env)
        return p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stderr or b"").decode("utf-8", "replace")


def problems(code, stderr, out, expect=None, folder=None):
    """What is wrong with one result (an empty list when nothing is)."""
    bad = []
    if code == "timeout":
        return ["did not end in time"]
    if code < 0:
        return ["killed by signal %s" % signal.Signals(-code).name]
    if code not in (0, 2, 3):
        bad.append("exit %d (allowed: 0, 2, 3)" % code)
    if expect is not None and code not in expect:
        bad.append("exit %d, expected %s" % (code, " or ".join(map(str, sorted(expect)))))
    lines = stderr.splitlines()
    if code == 2 and (len(lines) != 1 or not stderr.endswith("\n")):
        bad.append("exit 2 with %d lines on stderr (must be exactly one)" % len(lines))
    if code == 2 and lines and not lines[0].startswith("wprox: "):
        bad.append("the error line does not start with 'wprox: '")
    if out is not None:
        if code == 2:
            for d in (out, out + ".partial"):
                if os.path.lexists(d):
                    bad.append("exit 2 but %s was written" % os.path.basename(d))
        elif code in (0, 3):
            if not os.path.isfile(os.path.join(out, "summary.json")):
                bad.append("exit %d but no summary.json in the --out folder" % code)
            if os.path.lexists(out + ".partial"):
                bad.append("exit %d but the staging folder DIR.partial was left behind" % code)
    if folder is not None:
        keep = os.path.join(folder, "full", "keep.txt")
        if os.path.isdir(os.path.join(folder, "full")) and not os.path.isfile(keep):
            bad.append("a folder that was not a wprox run lost its file")
    if "Sanitizer" in stderr or "runtime error:" in stderr:
        bad.append("sanitizer report")
    return bad
