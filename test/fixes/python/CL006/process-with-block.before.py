import multiprocessing


def crawl():
    pass


def spawn(lock):
    p = multiprocessing.Process(target=crawl)
    with lock:
        p.start()
    p.daemon = True
    return p
