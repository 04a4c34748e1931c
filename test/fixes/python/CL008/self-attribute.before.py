from multiprocessing.pool import ThreadPool


def work(x):
    return x


class Batch:
    def __init__(self):
        self.pool = ThreadPool(2)

    def wait(self):
        self.pool.join()
