"""Fetch a list of pages with a thread pool and count the words on each.

Usage: python web_scraper.py urls.txt
"""
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed

MAX_WORKERS = 8
stats_lock = threading.Lock()
stats = {"pages": 0, "words": 0, "errors": 0}


def log(message):
    name = threading.current_thread().name
    print("[%s] %s" % (name, message))


def fetch(url, timeout=10):
    started = time.time()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read().decode("utf-8", errors="replace")
    log("fetched %s in %.2fs" % (url, time.time() - started))
    return body


def record(url, body):
    words = len(body.split())
    if words == 0:
        log("empty page: %s" % url)
        return 0
    with stats_lock:
        stats["pages"] += 1
        stats["words"] += words
    return words


def record_error(url, error):
    with stats_lock:
        stats["errors"] += 1
    log("failed %s: %s" % (url, error))


def scrape(urls):
    counts = {}
    with ThreadPoolExecutor(max_workers=MAX_WORKERS) as pool:
        futures = {pool.submit(fetch, url): url for url in urls}
        for future in as_completed(futures):
            url = futures[future]
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
