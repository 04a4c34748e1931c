#!/usr/bin/env python3
"""Counts words in files, one process per file."""
import sys
from multiprocessing import Pool

USAGE = """usage: count.py FILE...
Counts the words of every FILE.
"""


def count(path):
    with open(path) as f:
        return len(f.read().split())


if len(sys.argv) < 2:
    print(USAGE)
    sys.exit(2)

if __name__ == "__main__":
    # One worker per CPU.
    with Pool() as pool:
        totals = pool.map(count, sys.argv[1:])

    print("""totals:
%s""" % totals)
