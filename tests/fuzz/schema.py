"""What the wprox binary offers, read from `wprox list` and `wprox info`.

The fuzz cases are drawn from whatever is loaded, so a new plugin is fuzzed
without editing this suite.
"""
import re
import subprocess

TYPES = "integer|real|boolean|choice|string|vector|matrix|path"
# "  name  type  default D  [lo, hi]  doc" or "... default D  a|b|c  doc".
PARAM_LINE = re.compile(r"^  (\S+)\s+(" + TYPES + r")\s+default (\(unset\)|\S+)\s+"
                        r"(?:([\[(])(\S+), (\S+?)([\])])|(\S+\|\S+))?")


class Param:
    def __init__(self, name, kind, default, lo=None, hi=None, choices=None):
        self.name, self.kind, self.default = name, kind, default
        self.lo, self.hi, self.choices = lo, hi, choices or []

    def __repr__(self):
        return "Param(%s %s [%s, %s])" % (self.name, self.kind, self.lo, self.hi)


def _number(text):
    return float(text)  # "inf" and "-inf" read as floats too


def parse_info(text):
    """Parameters of one method or problem, keyed as given to --set."""
    params = {}
    for line in text.splitlines():
        m = PARAM_LINE.match(line)
        if not m:
            continue
        name, kind, default = m.group(1), m.group(2), m.group(3)
        p = Param(name, kind, None if default == "(unset)" else default)
        if m.group(4):
            p.lo, p.hi = _number(m.group(5)), _number(m.group(6))
        if m.group(8):
            p.choices = m.group(8).split("|")
        params[name] = p
    return params


def _run(wprox, *args):
    return subprocess.run([wprox, *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


class Catalog:
    """Methods (with their kind and problems) and problems, with parameters."""

    def __init__(self, wprox):
        listing = _run(wprox, "list").stdout
        self.methods, self.problems = {}, {}
        section = None
        for line in listing.splitlines():
            if line.endswith(":") and not line.startswith(" "):
                section = line[:-1]
                continue
            m = re.match(r"^  (\S+)\s+\[(\S+)\]", line)
            if m and section == "methods":
                self.methods[m.group(1)] = {"kind": m.group(2)}
            elif m and section == "problems":
                self.problems[m.group(1)] = {"kind": m.group(2)}
        for name, entry in list(self.methods.items()) + list(self.problems.items()):
            entry["params"] = parse_info(_run(wprox, "info", name).stdout)
        if not self.methods or not self.problems:
            raise SystemExit("fuzz: `wprox list` shows no methods or problems:\n" + listing)

    def problems_for(self, method):
        kind = self.methods[method]["kind"]
        return sorted(p for p, e in self.problems.items() if e["kind"] == kind)
