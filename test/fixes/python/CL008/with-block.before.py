from multiprocessing.dummy import Pool as ThreadPool


def fetch(url):
    return url


def crawl(urls):
    with ThreadPool(8) as workers:
        pages = workers.map(fetch, urls)
        workers.join()
    return pages
