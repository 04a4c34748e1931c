import multiprocessing


def crawl():
    pass


def spawn(lock):
    p = multiprocessing.Process(target=crawl)
    p.daemon = True
    with lock:
        p.start()
    return p
