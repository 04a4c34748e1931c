"""Crawl a site breadth-first with asyncio tasks; parse pages in a process pool."""
import asyncio
import functools
import re
import urllib.parse
import urllib.request
from concurrent.futures import ProcessPoolExecutor

LINK = re.compile(r'href="([^"#]+)"')
MAX_PAGES = 200


def download(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8", errors="replace")


def extract_links(base, html):
    return [urllib.parse.urljoin(base, href) for href in LINK.findall(html)]


class Crawler:
    def __init__(self, root, concurrency=10):
        self.root = root
        self.concurrency = concurrency
        self.frontier = asyncio.Queue()
        self.seen = {root}
        self.seen_lock = asyncio.Lock()
        self.pages = {}
        self.parser_pool = ProcessPoolExecutor()

    async def worker(self, loop):
        while True:
            url = await self.frontier.get()
            try:
                html = await loop.run_in_executor(None, download, url)
                parse = functools.partial(extract_links, url, html)
                links = await loop.run_in_executor(self.parser_pool, parse)
            except OSError:
                links = []
            self.pages[url] = len(links)
            await self.enqueue(links)
            self.frontier.task_done()

    async def enqueue(self, links):
        async with self.seen_lock:
            fresh = [l for l in links if l.startswith(self.root) and l not in self.seen]
            fresh = fresh[: max(0, MAX_PAGES - len(self.seen))]
            self.seen.update(fresh)
        for link in fresh:
            self.frontier.put_nowait(link)

    async def crawl(self):
        loop = asyncio.get_running_loop()
        await self.frontier.put(self.root)
        tasks = [asyncio.create_task(self.worker(loop)) for _ in range(self.concurrency)]
        # join() returns when every queued URL has been processed: no polling, no shared flag.
        await self.frontier.join()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.parser_pool.shutdown()
        return self.pages


if __name__ == "__main__":
    pages = asyncio.run(Crawler("https://docs.python.org/3/").crawl())
    for url, links in sorted(pages.items()):
        print("%4d  %s" % (links, url))
