"""Values for --set key=value: malformed, out of range, at the edges of the
range, or merely odd, chosen by the parameter's type. Valid values are in
the mix on purpose: they must run (exit 0 or 3), not crash.
"""

INT_OVERFLOW = ["99999999999999999999", "-99999999999999999999", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "18446744073709551615", "18446744073709551616", "4294967296",
                "4294967336", "2147483647", "2147483648", "-2147483649", "9007199254740993", "1e19", "1e400",
                "-1e400", "1" + "0" * 400]
NONFINITE = ["nan", "NaN", "-nan", "inf", "-inf", "+inf", "Infinity", "INF", "nan(0x1)"]
GARBAGE = ["", " ", "abc", "1a", "a1", "--1", "+-1", "1 2", "1,2", "1;2", "0x10", "0b1", "1_000", "\u0661\u0662",
           "\uff11", "1.2.3", "1e", "e5", ".", "-", "+", "\t", "1\n2", "\x1b[31m1", "'1'", '"1"', "[1]", "{1}",
           "true", "null", "1/2", "1e+", "\x7f", "\u00e9", "1" * 5000, "x" * 100000]


def _edges(p):
    """Integers around the range's ends (finite ends only), and the low end."""
    out = []
    if p.lo is not None and abs(p.lo) < 1e300:
        lo = int(p.lo)
        out += [str(lo), str(lo - 1), str(lo + 1)]
    if p.hi is not None and abs(p.hi) < 1e300:
        out += [str(int(p.hi) + 1), str(int(p.hi) * 10)]
    return out or ["0", "-1"]


def integer(rng, p):
    pool = rng.choice([INT_OVERFLOW, NONFINITE, GARBAGE, _edges(p),
                       ["-1", "-0", "0", "2.5", "1e1", "1.0", "1e-3", "+3", " 3 ", "03", "-2147483648"]])
    return rng.choice(pool)


# Parameters whose large valid values mean a long run by design (a final
# time of 1e300 with a fixed step), not a hang: they get only out-of-range
# large values.
LONG_BY_DESIGN = {"problem.T"}


def real(rng, p):
    if p.name in LONG_BY_DESIGN:
        return rng.choice(NONFINITE + GARBAGE[:20] + ["1e400", "-1", "0", "-0", "1e-400"])
    pool = rng.choice([NONFINITE, GARBAGE, ["1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308",
                                            "1.7976931348623157e308", "1e300", "-1e300", "1e-300", "0x1p-3",
                                            "1.", ".5", "-0", "0", "-1", "1e308", "1e-12", "1e12"]])
    return rng.choice(pool)


def boolean(rng, p):
    return rng.choice(["TRUE", "True", "2", "-1", "yes please", "", "on", "off", "nan", "1.0", "t", "y"] + GARBAGE[:8])


def choice(rng, p):
    c = rng.choice(p.choices) if p.choices else "auto"
    return rng.choice([c.upper(), " " + c + " ", c + "," + c, c + "x", "", c[:-1], c + "\n", "|".join(p.choices)]
                      + GARBAGE[:12])


def _numbers(rng, n, bad=None):
    cells = ["%.3g" % rng.uniform(-2, 2) for _ in range(n)]
    if bad is not None and cells:
        cells[rng.randrange(len(cells))] = bad
    return cells


def vector(rng, p):
    forms = [
        lambda: "", lambda: ",", lambda: "1,", lambda: ",1", lambda: "1,,2", lambda: "1;2", lambda: "1,2;3,4",
        lambda: "1 2", lambda: "1\t2", lambda: "[1,2]", lambda: "(1,2)", lambda: "1:2", lambda: ";",
        lambda: ",".join(_numbers(rng, rng.randint(1, 5), rng.choice(NONFINITE + ["1e400", "x", ""]))),
        lambda: ",".join(_numbers(rng, rng.choice([1, 3, 7, 300]))),
        lambda: ",".join(["1e300"] * rng.randint(1, 4)), lambda: ",".join(["-1"] * rng.randint(1, 4)),
        lambda: ",".join(["0"] * rng.randint(1, 4)),
    ]
    return rng.choice(forms)()


def matrix(rng, p):
    forms = [
        lambda: "", lambda: ";", lambda: ";;", lambda: "1,2;3", lambda: "1;2,3", lambda: "1,2;;3,4",
        lambda: "1,2;3,4;", lambda: ";1,2", lambda: "1,2,3;4,5,6", lambda: "1,2;3,4;5,6", lambda: "[[1,2],[3,4]]",
        lambda: "1 2;3 4", lambda: "0", lambda: "-1", lambda: "0,0;0,0", lambda: "1,2;2,1", lambda: "1,5;5,1",
        lambda: "1e300,0;0,1e300", lambda: "1e-300", lambda: "1,nan;nan,1", lambda: "1e400", lambda: "1,0;0",
        lambda: ";".join([",".join(["1"] * 200)] * 200), lambda: ",".join(["1"] * 20000),
        lambda: ";".join(",".join(_numbers(rng, 2, rng.choice(NONFINITE + ["x", ""]))) for _ in range(2)),
    ]
    return rng.choice(forms)()


def string(rng, p):
    return rng.choice(GARBAGE)


def value(rng, p):
    """A value for parameter p; paths are handled by the case builder."""
    return {"integer": integer, "real": real, "boolean": boolean, "choice": choice, "vector": vector,
            "matrix": matrix, "string": string, "path": string}[p.kind](rng, p)


def set_syntax(rng, key):
    """A malformed or odd --set argument (not key=value of a known key)."""
    return rng.choice([key, "=", "=1", key + "==1", " = ", "problem.=1", "problem=", ".=1", key + "=1=2",
                       "problem.problem.x=1", key.upper() + "=1", key + " =1", " " + key + "= 1 ",
                       "nonsense=1", "problem.nonsense=1", "\n=1", key + "\n=1", "x" * 5000 + "=1",
                       "\u00e9=1", "problem..dim=1", "PROBLEM.dim=1", "--set", "-", ""])
