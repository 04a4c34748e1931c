"""Fetch a list of pages with a thread pool and count the words on each.

Usage: python web_scraper.py urls.txt
"""
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

MAX_WORKERS = 8
stats_lock = threading.Lock()
stats = {"pages": 0, "words": 0, "errors": 0}


def log(message):
    name = threading.currentThread().getName()
    print("[%s] %s" % (name, message))


def fetch(url, timeout=10):
    started = time.time()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read().decode("utf-8", errors="replace")
    log("fetched %s in %.2fs" % (url, time.time() - started))
    return body


def record(url, body):
    stats_lock.acquire()
    words = len(body.split())
    if words == 0:
        log("empty page: %s" % url)
        return 0
    stats["pages"] += 1
    stats["words"] += words
    stats_lock.release()
    return words


def record_error(url, error):
    stats_lock.acquire()
    stats["errors"] += 1
    stats_lock.release()
    log("failed %s: %s" % (url, error))


def scrape(urls):
    counts = {}
    with ThreadPoolExecutor(max_workers=MAX_WORKERS) as pool:
        for url in urls:
            future = pool.submit(fetch, url)
            try:
                body = future.result()
            except OSError as error:
                record_error(url, error)
                continue
            counts[url] = record(url, body)
    return counts


def main(path):
    with open(path) as f:
        urls = [line.strip() for line in f if line.strip()]
    counts = scrape(urls)
    for url, words in sorted(counts.items(), key=lambda kv: -kv[1]):
        print("%8d  %s" % (words, url))
    print("pages=%(pages)d words=%(words)d errors=%(errors)d" % stats)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "urls.txt")
