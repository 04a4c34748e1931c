"""Crawl a site breadth-first with asyncio tasks; parse pages in a process pool."""
import asyncio
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
        self.idle = asyncio.Event()
        self.pages = {}
        self.parser_pool = ProcessPoolExecutor()

    async def worker(self, loop):
        while not self.frontier.empty():
            url = await self.frontier.get()
            try:
                html = await loop.run_in_executor(None, download, url)
                links = await loop.run_in_executor(self.parser_pool, lambda: extract_links(url, html))
            except OSError:
                links = []
            self.pages[url] = len(links)
            await self.enqueue(links)
            self.frontier.task_done()
        self.idle.set()

    async def enqueue(self, links):
        await self.seen_lock.acquire()
        fresh = [l for l in links if l.startswith(self.root) and l not in self.seen]
        if len(self.seen) + len(fresh) > MAX_PAGES:
            return
        self.seen.update(fresh)
        self.seen_lock.release()
        for link in fresh:
            self.frontier.put_nowait(link)

    async def crawl(self):
        loop = asyncio.get_running_loop()
        await self.frontier.put(self.root)
        for _ in range(3):
            self.idle.clear()
            tasks = [asyncio.create_task(self.worker(loop)) for _ in range(self.concurrency)]
            await self.idle.wait()
            await asyncio.gather(*tasks)
        self.parser_pool.shutdown()
        return self.pages


if __name__ == "__main__":
    pages = asyncio.run(Crawler("https://docs.python.org/3/").crawl())
    for url, links in sorted(pages.items()):
        print("%4d  %s" % (links, url))
