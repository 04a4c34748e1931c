"""A background thread that rebuilds a search index whenever documents change."""
import logging
import threading
import time

log = logging.getLogger("indexer")


class Indexer(threading.Thread):
    def __init__(self, store):
        super().__init__(name="indexer")
        self.store = store
        self.changed = threading.Event()
        self.stopping = threading.Event()
        self.index = {}

    def run(self):
        while not self.stopping.is_set():
            self.changed.wait()
            self.changed.clear()
            started = time.time()
            self.index = build_index(self.store)
            log.info("%s rebuilt %d terms in %.3fs", self.getName(), len(self.index), time.time() - started)

    def notify(self):
        self.changed.set()

    def stop(self):
        self.stopping.set()
        self.changed.set()


def build_index(store):
    index = {}
    for doc_id, text in list(store.items()):
        for word in text.lower().split():
            index.setdefault(word, set()).add(doc_id)
    return index


def main():
    logging.basicConfig(level=logging.INFO)
    store = {}
    indexer = Indexer(store)
    indexer.start()
    indexer.setDaemon(True)
    log.info("indexer daemon: %s, threads alive: %d", indexer.isDaemon(), threading.activeCount())

    for i in range(20):
        store[i] = "document %d about threads and processes" % i
        indexer.notify()
        time.sleep(0.01)

    indexer.stop()
    indexer.join(timeout=2)
    print("terms:", sorted(indexer.index)[:10])


if __name__ == "__main__":
    main()
