from functools import partial
from multiprocessing import Pool


def resize(path, width, height=None):
    return path, width, height


def run(paths):
    with Pool() as pool:
        small = pool.map(partial(resize, width=64), paths)
        large = pool.map(lambda p: resize(p, 1024, height=768), paths)
    return small, large
