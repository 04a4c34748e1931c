"""Word counts in worker processes."""
from multiprocessing import get_context


def count_words(text):
    return len(text.split())


def run(texts):
    ctx = get_context("spawn")
    with ctx.Pool(2) as pool:
        return pool.map(lambda t: count_words(t), texts)
