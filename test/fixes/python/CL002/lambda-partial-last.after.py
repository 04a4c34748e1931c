import os
from concurrent.futures import ProcessPoolExecutor
import functools


def scale(factor, x):
    return factor * x


def run(values):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(functools.partial(scale, os.cpu_count()), values))
