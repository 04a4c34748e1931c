from multiprocessing.pool import ThreadPool


def work(x):
    return x


class Batch:
    def run(self, items):
        self.pool = ThreadPool(2)
        self.results = self.pool.map_async(work, items)
        self.pool.join()
        return self.results.get()
