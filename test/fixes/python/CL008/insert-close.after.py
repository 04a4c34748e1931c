from multiprocessing import Pool


def square(x):
    return x * x


def run(items):
    pool = Pool(4)
    results = pool.map_async(square, items)
    pool.close()
    pool.join()
    return results.get()
