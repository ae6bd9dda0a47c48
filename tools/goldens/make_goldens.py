"""Writes nabla-core/src/test/resources/goldens/<family>.json for each family (default: all).

Usage: /usr/bin/python3 tools/goldens/make_goldens.py [family ...]
Each family is a module here with a build() that returns a filled golden.Suite.
"""
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
HERE = os.path.dirname(__file__)
# the model checkpoints (gpt2.py, bert.py) are scripts of their own, without build()
FAMILIES = [f[:-3] for f in sorted(os.listdir(HERE))
            if f.endswith(".py") and f not in ("golden.py", "make_goldens.py")
            and "\ndef build(" in open(os.path.join(HERE, f), encoding="utf-8").read()]

if __name__ == "__main__":
    wanted = sys.argv[1:] or FAMILIES
    for name in wanted:
        if name not in FAMILIES:
            sys.exit("unknown family %r; known: %s" % (name, ", ".join(FAMILIES)))
        importlib.import_module(name).build().write()
