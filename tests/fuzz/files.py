"""Malformed input files: .npy arrays, CSV tables, JSON and key = value
configs. Every writer takes a random.Random, so a case is reproduced by its
seed alone. .npy bytes are written by hand (the suite needs no NumPy).
"""
import json
import os
import struct

# ---------------------------------------------------------------- .npy

MAGIC = b"\x93NUMPY"


def npy_header(descr="<f8", fortran=False, shape=(4, 2)):
    return "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", _shape_text(shape))


def _shape_text(shape):
    if isinstance(shape, str):
        return shape
    if len(shape) == 1:
        return "(%d,)" % shape[0]
    return "(" + ", ".join(str(s) for s in shape) + ")"


def npy_bytes(header, data=b"", version=1, pad=True, header_len=None):
    """A .npy file: magic, version, header length, header text, data."""
    h = header
    lenbytes = 2 if version == 1 else 4
    if pad:
        h += " " * ((-(len(MAGIC) + 2 + lenbytes + len(h) + 1)) % 64) + "\n"
    raw = h.encode("latin-1", "replace")
    n = len(raw) if header_len is None else header_len
    size = struct.pack("<H", n & 0xFFFF) if lenbytes == 2 else struct.pack("<I", n & 0xFFFFFFFF)
    return MAGIC + bytes([version, 0]) + size + raw + data


def doubles(values):
    return struct.pack("<%dd" % len(values), *values)


def valid_npy(rng, rows, cols):
    vals = [rng.gauss(0.0, 1.0) for _ in range(rows * cols)]
    return npy_bytes(npy_header(shape=(rows, cols)), doubles(vals))


def bad_npy(rng, rows=4, cols=2):
    """(label, bytes) of one malformed or unusual .npy file."""
    good_data = doubles([rng.uniform(-2, 2) for _ in range(rows * cols)])
    full = npy_bytes(npy_header(shape=(rows, cols)), good_data)
    choices = [
        ("bad magic", lambda: b"\x93NUMPZ" + full[6:]),
        ("text", lambda: b"not an array at all\n"),
        ("empty", lambda: b""),
        ("magic only", lambda: MAGIC),
        ("truncated", lambda: full[:rng.randrange(0, len(full))]),
        ("data short", lambda: full[:-8 * rng.randint(1, rows * cols)]),
        ("data long", lambda: full + b"\0" * 8 * rng.randint(1, 5)),
        ("version 9", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, version=9)),
        ("version 2", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, version=2)),
        ("version 3", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, version=3)),
        ("header_len past end", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, header_len=65535)),
        ("header_len 0", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, header_len=0)),
        ("header_len 2^32-1", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, version=2,
                                                header_len=0xFFFFFFFF)),
        ("huge header v2", lambda: npy_bytes(npy_header(shape=(rows, cols)) + " " * rng.choice([70000, 200000]),
                                             good_data, version=2)),
        ("30 KB header", lambda: npy_bytes(npy_header(shape=(rows, cols)) + " " * 30000, good_data, version=2)),
        ("deep header", lambda: npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': "
                                          + "(" * 20000 + ")" * 20000 + "}", good_data, version=2)),
        ("negative dim", lambda: npy_bytes(npy_header(shape=(-rows, cols)), good_data)),
        ("negative both", lambda: npy_bytes(npy_header(shape=(-rows, -cols)), good_data)),
        ("huge dim", lambda: npy_bytes(npy_header(shape=(rng.choice([2**31, 2**32 + rows, 2**62, 2**63 - 1,
                                                                      2**64 + rows, 10**30]), cols)), good_data)),
        ("overflowing product", lambda: npy_bytes(npy_header(shape=(2**32, 2**32 + 1)), good_data)),
        ("product wraps to small", lambda: npy_bytes(npy_header(shape=(2**61, 8)), good_data)),
        ("zero rows", lambda: npy_bytes(npy_header(shape=(0, cols)))),
        ("zero cols", lambda: npy_bytes(npy_header(shape=(rows, 0)))),
        ("1-D", lambda: npy_bytes(npy_header(shape=(rows * cols,)), good_data)),
        ("3-D", lambda: npy_bytes(npy_header(shape=(rows, cols, 1)), good_data)),
        ("scalar", lambda: npy_bytes(npy_header(shape=()), good_data[:8])),
        ("float32", lambda: npy_bytes(npy_header("<f4", shape=(rows, cols)), good_data[:4 * rows * cols])),
        ("big-endian", lambda: npy_bytes(npy_header(">f8", shape=(rows, cols)), good_data)),
        ("int64", lambda: npy_bytes(npy_header("<i8", shape=(rows, cols)), good_data)),
        ("object", lambda: npy_bytes(npy_header("|O", shape=(rows, cols)), good_data)),
        ("complex", lambda: npy_bytes(npy_header("<c16", shape=(rows, cols)), good_data * 2)),
        ("unicode descr", lambda: npy_bytes(npy_header("<U8", shape=(rows, cols)), good_data)),
        ("fortran", lambda: npy_bytes(npy_header(fortran=True, shape=(rows, cols)), good_data)),
        ("missing shape", lambda: npy_bytes("{'descr': '<f8', 'fortran_order': False, }", good_data)),
        ("missing descr", lambda: npy_bytes("{'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols), good_data)),
        ("duplicate key", lambda: npy_bytes(npy_header(shape=(rows, cols))[:-1] + "'shape': (1, 1), }", good_data)),
        ("unclosed", lambda: npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2", good_data)),
        ("not a dict", lambda: npy_bytes("[1, 2, 3]", good_data)),
        ("shape text", lambda: npy_bytes(npy_header(shape="'four'"), good_data)),
        ("shape float", lambda: npy_bytes(npy_header(shape="(4.5, 2)"), good_data)),
        ("shape hex", lambda: npy_bytes(npy_header(shape="(0x4, 2)"), good_data)),
        ("shape plus", lambda: npy_bytes(npy_header(shape="(+4, 2)"), good_data)),
        ("shape spaces", lambda: npy_bytes(npy_header(shape="( %d ,  %d , )" % (rows, cols)), good_data)),
        ("shape nested", lambda: npy_bytes(npy_header(shape="((4, 2), 2)"), good_data)),
        ("control chars", lambda: npy_bytes(npy_header(shape=(rows, cols)).replace(" ", "\x01", 2), good_data)),
        ("non-ascii", lambda: npy_bytes(npy_header(shape=(rows, cols)).replace("descr", "d\xe9scr"), good_data)),
        ("no padding", lambda: npy_bytes(npy_header(shape=(rows, cols)), good_data, pad=False)),
        ("nan data", lambda: npy_bytes(npy_header(shape=(rows, cols)), doubles([float("nan")] * (rows * cols)))),
        ("inf data", lambda: npy_bytes(npy_header(shape=(rows, cols)), doubles([float("inf")] * (rows * cols)))),
        ("huge data", lambda: npy_bytes(npy_header(shape=(rows, cols)), doubles([1e300] * (rows * cols)))),
        ("random bytes", lambda: bytes(rng.randrange(256) for _ in range(rng.randint(1, 400)))),
        ("valid", lambda: full),
    ]
    label, make = rng.choice(choices)
    return label, make()


# ---------------------------------------------------------------- CSV


def valid_csv(rng, rows, cols, header=True, label01=False):
    lines = [",".join("c%d" % j for j in range(cols))] if header else []
    for _ in range(rows):
        cells = ["%.6g" % rng.gauss(0, 1) for _ in range(cols)]
        if label01:
            cells[-1] = str(rng.randint(0, 1))
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def bad_csv(rng, rows=30, cols=2):
    """(label, bytes) of one malformed or unusual CSV file."""
    good = valid_csv(rng, rows, cols).decode()
    lines = good.splitlines()
    choices = [
        ("empty", lambda: ""),
        ("header only", lambda: lines[0] + "\n"),
        ("ragged", lambda: "\n".join(lines[:3] + [lines[3] + ",1"] + lines[4:]) + "\n"),
        ("short row", lambda: "\n".join(lines[:3] + ["1"] + lines[4:]) + "\n"),
        ("text cell", lambda: "\n".join(lines[:2] + ["abc," * (cols - 1) + "x"] + lines[3:]) + "\n"),
        ("nan", lambda: "\n".join(lines[:2] + [",".join(["nan"] * cols)] + lines[3:]) + "\n"),
        ("inf", lambda: "\n".join(lines[:2] + [",".join(["inf"] * cols)] + lines[3:]) + "\n"),
        ("1e400", lambda: "\n".join(lines[:2] + [",".join(["1e400"] * cols)] + lines[3:]) + "\n"),
        ("empty cells", lambda: "\n".join(lines[:2] + ["," * (cols - 1)] + lines[3:]) + "\n"),
        ("blank lines", lambda: "\n\n".join(lines) + "\n\n\n"),
        ("crlf", lambda: "\r\n".join(lines) + "\r\n"),
        ("semicolons", lambda: good.replace(",", ";")),
        ("tabs", lambda: good.replace(",", "\t")),
        ("trailing comma", lambda: "\n".join(l + "," for l in lines) + "\n"),
        ("quoted", lambda: "\n".join('"' + l.replace(",", '","') + '"' for l in lines) + "\n"),
        ("bom", lambda: "\ufeff" + good),
        ("no newline", lambda: good.rstrip("\n")),
        ("one column", lambda: "\n".join(l.split(",")[0] for l in lines) + "\n"),
        ("many columns", lambda: "\n".join(",".join(["1"] * 5000) for _ in range(3)) + "\n"),
        ("long line", lambda: lines[0] + "\n" + "1" * 300000 + ",2\n"),
        ("many rows", lambda: lines[0] + "\n" + ("0.5," * (cols - 1) + "1\n") * 20000),
        ("labels not 0/1", lambda: "\n".join(lines[:1] + [l.rsplit(",", 1)[0] + ",7" for l in lines[1:]]) + "\n"),
        ("binary", lambda: "".join(chr(rng.randrange(1, 256)) for _ in range(rng.randint(1, 500)))),
        ("nul byte", lambda: good[:20] + "\0" + good[20:]),
        ("hex numbers", lambda: "\n".join(lines[:2] + [",".join(["0x1p3"] * cols)] + lines[3:]) + "\n"),
        ("valid", lambda: good),
        ("valid, no header", lambda: "\n".join(lines[1:]) + "\n"),
    ]
    label, make = rng.choice(choices)
    return label, make().encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- configs


def json_config(rng, settings, key, bad_value):
    """(label, text) of a JSON config: the cheap settings with one defect,
    mostly at key (bad_value is a value drawn for key's parameter)."""
    obj = dict(settings)
    choices = [
        ("deep array", lambda: '{"%s": %s1%s}' % (key, "[" * rng.choice([4, 100, 100000]),
                                                  "]" * rng.choice([4, 100, 100000]))),
        ("deep object", lambda: '{"%s": %s1%s}' % (key, '{"a":' * rng.choice([2, 1000, 50000]),
                                                   "}" * rng.choice([2, 1000, 50000]))),
        ("huge number", lambda: _dump_with(obj, key, rng.choice(["1e400", "-1e400", "1e-400",
                                                                 "123456789012345678901234567890",
                                                                 "-99999999999999999999", "18446744073709551616",
                                                                 "9223372036854775808", "4294967296",
                                                                 "1" + "0" * 5000]))),
        ("duplicate key", lambda: _dump(obj)[:-1] + (", " if obj else "") + '"%s": %s}' % (key, json.dumps(
            obj.get(key, "1")))),
        ("wrong type", lambda: _dump_with(obj, key, rng.choice(["null", "{}", '{"a": 1}', "[]", "[[]]", "[[1], 2]",
                                                                "[1, [2]]", '["a", "b"]', "true", "[true]",
                                                                '"\\u0000"', '"' + "x" * 100000 + '"']))),
        ("bad value", lambda: _dump_with(obj, key, json.dumps(bad_value))),
        ("not an object", lambda: rng.choice(["[]", "1", '"steps"', "null", "[{}]"])),
        ("empty", lambda: ""),
        ("invalid", lambda: _dump(obj)[:rng.randrange(1, max(2, len(_dump(obj))))]),
        ("trailing comma", lambda: _dump(obj)[:-1] + ",}"),
        ("comments", lambda: "// c\n" + _dump(obj)),
        ("bom", lambda: "\ufeff" + _dump(obj)),
        ("nan literal", lambda: _dump_with(obj, key, rng.choice(["NaN", "Infinity", "-Infinity", "nan"]))),
        ("empty key", lambda: '{"": 1}'),
        ("problem key", lambda: _dump_with(obj, "problem", rng.choice(['""', '"nope"', "1", "[]", "null"]))),
        ("problem. key", lambda: _dump_with(obj, "problem.", "1")),
        ("valid", lambda: _dump(obj)),
    ]
    label, make = rng.choice(choices)
    return label, make()


def _dump(obj):
    return "{" + ", ".join('"%s": %s' % (k, json.dumps(v)) for k, v in obj.items()) + "}"


def _dump_with(obj, key, raw):
    """obj as JSON with key's value replaced by raw JSON text."""
    parts = ['"%s": %s' % (k, raw if k == key else json.dumps(v)) for k, v in obj.items()]
    if key not in obj:
        parts.append('"%s": %s' % (key, raw))
    return "{" + ", ".join(parts) + "}"


def kv_config(rng, settings, key, bad_value):
    """(label, text) of a key = value config with one defect, mostly at key."""
    lines = ["%s = %s" % (k, v) for k, v in settings]
    choices = [
        ("no equals", lambda: "\n".join(lines + [key + " 3"])),
        ("empty key", lambda: "\n".join(lines + ["= 3"])),
        ("empty value", lambda: "\n".join(lines + [key + " ="])),
        ("double equals", lambda: "\n".join(lines + [key + " == 3"])),
        ("bad value", lambda: "\n".join(lines + ["%s = %s" % (key, bad_value.replace("\n", " "))])),
        ("comment only", lambda: "# nothing\n   # still nothing\n"),
        ("crlf", lambda: "\r\n".join(lines) + "\r\n"),
        ("binary", lambda: "".join(chr(rng.randrange(1, 256)) for _ in range(rng.randint(1, 300)))),
        ("long line", lambda: "\n".join(lines + [key + " = " + "9" * 200000])),
        ("many lines", lambda: "\n".join(lines + ["# pad"] * 100000)),
        ("unknown key", lambda: "\n".join(lines + ["nonsense = 1"])),
        ("problem", lambda: "\n".join(lines + ["problem = " + rng.choice(["", "nope", "gaussian", "allen-cahn"])])),
        ("problem. key", lambda: "\n".join(lines + ["problem. = 1"])),
        ("repeated key", lambda: "\n".join(lines + [key + " = 1", key + " = 2"])),
        ("valid", lambda: "\n".join(lines) + "\n"),
    ]
    label, make = rng.choice(choices)
    return label, make()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))


def make_folder(path):
    os.makedirs(path, exist_ok=True)
