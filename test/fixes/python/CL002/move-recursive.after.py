import multiprocessing as mp

LIMIT = 30


def fib(k):
    if k < 2:
        return k
    return fib(k - 1) + fib(k - 2)


def start(n):
    p = mp.Process(target=fib, args=(min(n, LIMIT),))
    p.start()
    return p
