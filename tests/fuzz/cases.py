"""One fuzz case: a wprox command line and the files it reads, built in its
own folder from a per-case random generator (so case i of seed s is the
same on every machine, whatever ran before it).
"""
import os
import random

import cheap
import files
import values

# Kinds of case and how often each is drawn.
KINDS = [("set_value", 40), ("set_many", 10), ("set_syntax", 6), ("json", 10), ("kv", 6), ("npy", 12),
         ("csv", 6), ("options", 6), ("valid", 4)]


class Case:
    def __init__(self, index, label, argv, out):
        self.index, self.label, self.argv, self.out = index, label, argv, out


def _pick_kind(rng):
    total = sum(w for _, w in KINDS)
    r = rng.uniform(0, total)
    for name, w in KINDS:
        r -= w
        if r <= 0:
            return name
    return KINDS[-1][0]


def _base(catalog, rng, folder):
    """A method, one of its problems, and the cheap settings for them."""
    method = rng.choice(sorted(catalog.methods))
    problem = rng.choice(catalog.problems_for(method))
    sets = dict(cheap.settings(catalog, method, problem))
    params = dict(catalog.methods[method]["params"])
    params.update(catalog.problems[problem]["params"])
    # A problem that needs a data file gets a valid one, so its other
    # parameters are reached.
    if "problem.path" in params:
        files.write(os.path.join(folder, "data.csv"), files.valid_csv(rng, 40, 2))
        sets["problem.path"] = os.path.join(folder, "data.csv")
    return method, problem, sets, params


def _dims(problem):
    return 2  # cheap.PROBLEM sets dim 2 wherever a problem has a dimension


def _file_for(rng, kind, folder, rows=16, cols=2):
    """A malformed (or valid) file of the given kind; returns (label, path)."""
    name = os.path.join(folder, "input." + kind)
    if rng.random() < 0.05:
        files.make_folder(name)  # a folder where a file is expected
        return "folder", name
    if rng.random() < 0.03:
        return "missing", os.path.join(folder, "missing." + kind)
    label, data = (files.bad_npy(rng, rows, cols) if kind == "npy" else files.bad_csv(rng, rows, cols))
    files.write(name, data)
    return label, name


def build(catalog, seed, index, root):
    rng = random.Random("%d:%d" % (seed, index))
    folder = os.path.join(root, "c%05d" % index)
    os.makedirs(folder)
    method, problem, sets, params = _base(catalog, rng, folder)
    out = os.path.join(folder, "out")
    extra = []  # further command-line options
    kind = _pick_kind(rng)
    label = kind
    names = sorted(params)
    plain = [n for n in names if params[n].kind != "path"] or names
    if kind == "set_value":
        name = rng.choice(plain)
        sets[name] = values.value(rng, params[name])
        label += " %s=%r" % (name, sets[name][:60])
    elif kind == "set_many":
        for name in rng.sample(plain, min(len(plain), rng.randint(2, 4))):
            sets[name] = values.value(rng, params[name])
        label += " " + ",".join("%s=%r" % (k, v[:20]) for k, v in sets.items())
    elif kind == "set_syntax":
        arg = values.set_syntax(rng, rng.choice(names))
        extra += ["--set", arg]
        label += " %r" % arg[:60]
    elif kind in ("json", "kv"):
        key = rng.choice(plain)
        bad = values.value(rng, params[key])
        cfg = os.path.join(folder, "config." + ("json" if kind == "json" else "conf"))
        pairs = list(sets.items()) + [("problem", problem)]
        if kind == "json":
            sub, text = files.json_config(rng, pairs, key, bad)
        else:
            sub, text = files.kv_config(rng, pairs, key, bad)
        if rng.random() < 0.03:
            files.make_folder(cfg)
            sub = "folder"
        else:
            files.write(cfg, text)
        extra += ["--config", cfg]
        # --set wins over the file: keep on the command line only the cheap
        # settings the file does not mention, so a file that sets nothing
        # still gives a cheap run and one that does is read.
        sets = {k: v for k, v in sets.items() if '"%s"' % k not in text and "%s =" % k not in text}
        label += " " + sub
    elif kind in ("npy", "csv"):
        paths = [n for n in names if params[n].kind == "path"]
        if not paths:
            return build_valid(catalog, rng, index, folder, method, problem, sets, out)
        name = rng.choice(paths)
        rows = int(sets.get("particles", 16))
        sub, path = _file_for(rng, kind, folder, rows, _dims(problem))
        sets[name] = path
        label += " %s %s" % (name, sub)
    elif kind == "options":
        opt = rng.choice(["--seed", "--threads", "--out", "--problem", "--checkpoint-every", "--config", "--set"])
        val = rng.choice(values.INT_OVERFLOW + values.GARBAGE[:20] + ["-1", "0", "1", "4097", "--quiet", "-"])
        if opt == "--out":
            out = None
            val = rng.choice(["", "-", "--quiet", os.path.join(folder, "file"), os.path.join(folder, "full"),
                              os.path.join(folder, "file", "sub"), os.path.join(folder, "a\nb")])
            files.write(os.path.join(folder, "file"), b"not a folder\n")
            os.makedirs(os.path.join(folder, "full"))
            files.write(os.path.join(folder, "full", "keep.txt"), b"someone's file\n")
        extra += [opt, val] if rng.random() < 0.9 else [opt]  # a missing value now and then
        label += " %s %r" % (opt, val[:40])
    else:
        label = "valid"
    argv = ["run", method, "--problem", problem, "--quiet"]
    for k, v in sets.items():
        argv += ["--set", "%s=%s" % (k, v)]
    argv += extra
    if out is not None and "--out" not in extra:
        argv += ["--out", out]
    case = Case(index, "%s on %s: %s" % (method, problem, label), argv, out)
    case.folder = folder
    return case


def build_valid(catalog, rng, index, folder, method, problem, sets, out):
    argv = ["run", method, "--problem", problem, "--quiet", "--out", out]
    for k, v in sets.items():
        argv += ["--set", "%s=%s" % (k, v)]
    return Case(index, "%s on %s: valid (no path parameter)" % (method, problem), argv, out)
