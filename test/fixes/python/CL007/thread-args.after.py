from threading import Thread


def download(url, retries=3):
    print("fetching", url, retries)


def fetch_all(urls):
    workers = [Thread(target=download, args=(url,), kwargs={"retries": 1}, daemon=True) for url in urls]
    for w in workers:
        w.start()
    return workers
