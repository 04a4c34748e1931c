"""A background thread that rebuilds a search index whenever documents change."""
import logging
import threading
import time

log = logging.getLogger("indexer")


class Indexer(threading.Thread):
    def __init__(self, store):
        super().__init__(name="indexer", daemon=True)
        self.store = store
        self.changes = threading.Condition()
        self.pending = 0
        self.stopping = False
        self.index = {}

    def run(self):
        while True:
            with self.changes:
                # The predicate is re-checked under the lock, so no notification is ever lost.
                self.changes.wait_for(lambda: self.pending or self.stopping)
                if self.stopping:
                    return
                self.pending = 0
            started = time.time()
            self.index = build_index(self.store)
            log.info("%s rebuilt %d terms in %.3fs", self.name, len(self.index), time.time() - started)

    def notify(self):
        with self.changes:
            self.pending += 1
            self.changes.notify()

    def stop(self):
        with self.changes:
            self.stopping = True
            self.changes.notify()


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
    log.info("indexer daemon: %s, threads alive: %d", indexer.daemon, threading.active_count())

    for i in range(20):
        store[i] = "document %d about threads and processes" % i
        indexer.notify()
        time.sleep(0.01)

    indexer.stop()
    indexer.join(timeout=2)
    print("terms:", sorted(indexer.index)[:10])


if __name__ == "__main__":
    main()
