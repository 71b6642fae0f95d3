"""The twelve reproducers of issue 13 (hostile input), as fixed cases with
the exit code each must give now. Each once crashed, hung, ended with an
internal error or was accepted with a wrong result.
"""
import os
import struct

import files


class Regression:
    def __init__(self, index, label, argv, out, expect, setup=None):
        self.index, self.label, self.argv, self.out, self.expect = index, label, argv, out, expect
        self.folder = None


def _padded_npy(path, header_extra):
    """A valid 2 x 2 float64 .npy file whose header is padded by
    header_extra spaces (version 2: a 4-byte header length)."""
    header = files.npy_header(shape=(2, 2)) + " " * header_extra
    files.write(path, files.npy_bytes(header, struct.pack("<4d", 0.1, 0.2, -0.1, 0.3), version=2))


def cases(root):
    os.makedirs(root, exist_ok=True)
    out = lambda n: os.path.join(root, "out%d" % n)  # noqa: E731
    huge = "99999999999999999999"
    deep = os.path.join(root, "deep.json")
    files.write(deep, '{"steps": ' + "[" * 100000 + "]" * 100000 + "}")
    big = os.path.join(root, "big.json")
    files.write(big, '{"steps": 1e400}')
    long_header = os.path.join(root, "long_header.npy")
    _padded_npy(long_header, 30000)  # under the 64 KiB cap: a valid file
    over_cap = os.path.join(root, "over_cap.npy")
    _padded_npy(over_cap, 70000)  # over the cap: refused, never parsed
    negative = os.path.join(root, "negative.npy")
    files.write(negative, files.npy_bytes(files.npy_header(shape=(-50, 2)), struct.pack("<100d", *range(100))))
    q = ["--quiet"]
    rows = [
        ("particles overflow", ["run", "ula", "--set", "particles=" + huge, "--set", "steps=1"], {2}),
        ("nt overflow", ["run", "explicit-hj", "--set", "time_levels=" + huge], {2}),
        ("steps overflow", ["run", "ula", "--set", "steps=" + huge], {2}),
        ("nx past 2^32", ["run", "pdhg-hj", "--set", "nx=4294967336", "--set", "time_levels=5"], {2}),
        ("JSON 100000 levels deep", ["run", "ula", "--config", deep], {2}),
        ("JSON 1e400", ["run", "ula", "--config", big], {2}),
        (".npy header of 30 KB", ["run", "ula", "--set", "init=" + long_header, "--set", "steps=1",
                                  "--set", "particles=2"], {0}),
        (".npy header over the cap", ["run", "ula", "--set", "init=" + over_cap, "--set", "steps=1"], {2}),
        (".npy negative shape", ["run", "ula", "--set", "init=" + negative, "--set", "steps=1"], {2}),
        ("empty matrix", ["run", "ula", "--set", "problem.precision="], {2}),
        ("krylov_dim 1e9", ["run", "newton-krylov-rd", "--set", "krylov_dim=1e9"], {2}),
        ("all particles off the grid", ["run", "ula", "--problem", "bimodal", "--set", "h=50", "--set", "steps=5"],
         {3}),
        ("particles at 1e34", ["run", "brwp", "--problem", "mixture", "--set", "h=100"], {3}),
        # Found by this suite: results() of a run that failed before its first fit.
        ("mfc-bsde with s0 at the largest double",
         ["run", "mfc-bsde", "--problem", "mfc-lq", "--set", "problem.s0=1.7976931348623157e308",
          "--set", "particles=100", "--set", "outer_iterations=2", "--set", "fit_iterations=20"], {3}),
    ]
    out_cases = []
    for i, (label, argv, expect) in enumerate(rows):
        o = out(i)
        out_cases.append(Regression("r%d" % i, "hostile input: " + label, argv + q + ["--out", o], o, expect))
    return out_cases
