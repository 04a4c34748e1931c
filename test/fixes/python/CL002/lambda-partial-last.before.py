import os
from concurrent.futures import ProcessPoolExecutor


def scale(factor, x):
    return factor * x


def run(values):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(lambda v: scale(os.cpu_count(), v), values))
