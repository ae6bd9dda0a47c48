"""Safetensors written and read by hand from the format spec (python3-safetensors is not packaged in Debian).

  python3 reference.py write golden.safetensors   # the golden SafeTensorsTest reads
  python3 reference.py check FILE                 # prints what a Java-written file holds, validating it as the spec says
"""
import json
import struct
import sys

import numpy as np

SIZES = {"F32": 4, "F16": 2, "BF16": 2, "I32": 4, "I64": 8, "F64": 8, "U8": 1}


def write(path):
    f32 = np.array([[1.5, -2.25, 3.0], [0.1, 1e-8, -7.5e5]], dtype="<f4")
    f16 = np.array([0.5, -1.0, 65504.0, 6.1035e-05, 2.0 ** -24, 1.0 / 3.0], dtype="<f2")
    # bf16 = the upper 16 bits of float32 (these values truncate exactly)
    bf_vals = np.array([1.0, -3.5, 0.15625, 2.0 ** 60], dtype="<f4")
    bf16 = (bf_vals.view("<u4") >> 16).astype("<u2")
    i32 = np.array([[1, -2], [2 ** 31 - 1, -(2 ** 31)]], dtype="<i4")
    i64 = np.array([5, -6, 7], dtype="<i8")
    scalar = np.array(42.0, dtype="<f4")
    empty = np.zeros((0, 3), dtype="<f4")
    tensors = [("weight", "F32", f32), ("half", "F16", f16), ("brain", "BF16", bf16), ("ids", "I32", i32),
               ("longs", "I64", i64), ("scalar", "F32", scalar), ("empty", "F32", empty)]
    header = {"__metadata__": {"format": "pt", "note": "hand-written golden"}}
    data = b""
    for name, dtype, a in tensors:
        raw = a.tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + data)
    # the values Java must read, as float32 / int
    print("f16 as float32:", f16.astype("<f4").tolist())
    print("bf16 as float32:", (bf16.astype("<u4") << 16).view("<f4").tolist())


def check(path):
    buf = open(path, "rb").read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n].decode())
    data = buf[8 + n:]
    meta = header.pop("__metadata__", {})
    assert all(isinstance(v, str) for v in meta.values()), "metadata values must be strings"
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    at = 0
    for b, e, k in spans:
        assert b == at, f"{k}: hole or overlap at {b} (expected {at})"
        info = header[k]
        count = int(np.prod(info["shape"])) if info["shape"] else 1
        assert e - b == count * SIZES[info["dtype"]], f"{k}: {e - b} bytes for {info}"
        at = e
    assert at == len(data), f"data is {len(data)} bytes, offsets cover {at}"
    assert (8 + n) % 8 == 0, "data should start 8-byte aligned"
    kinds = {"F32": "<f4", "I32": "<i4", "F16": "<f2", "I64": "<i8", "BF16": "<u2"}
    for k, info in header.items():
        b, e = info["data_offsets"]
        a = np.frombuffer(data[b:e], dtype=kinds[info["dtype"]]).reshape(info["shape"])
        print(k, info["dtype"], list(a.shape), a.ravel().tolist()[:8])
    print("metadata", {k: (v if len(v) < 80 else v[:80] + "...") for k, v in meta.items()})


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1]](sys.argv[2])
