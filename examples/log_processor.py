"""Tail several log files and aggregate error counts with producer and consumer threads."""
import collections
import queue
import re
import threading
import time

LINE = re.compile(r"^(?P<ts>\S+) (?P<level>[A-Z]+) (?P<msg>.*)$")

lines = queue.Queue(maxsize=10000)
flushed = threading.Event()
counts = collections.Counter()
counts_lock = threading.Lock()


def produce(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if lines.full():
                time.sleep(0.01)
            lines.put(line.rstrip("\n"))


def consume():
    while True:
        if lines.qsize() == 0:
            time.sleep(0.05)
            continue
        line = lines.get()
        match = LINE.match(line)
        if match:
            with counts_lock:
                counts[match.group("level")] += 1
        lines.task_done()


def reporter(interval):
    while True:
        flushed.wait()
        flushed.clear()
        with counts_lock:
            snapshot = dict(counts)
        print("levels so far:", snapshot)
        time.sleep(interval)


def drain():
    leftovers = []
    while not lines.empty():
        leftovers.append(lines.get())
    return leftovers


def main(paths):
    consumers = [threading.Thread(target=consume) for _ in range(4)]
    for c in consumers:
        c.start()
        c.daemon = True
    report = threading.Thread(target=reporter, args=(5,))
    report.start()
    report.setDaemon(True)

    producers = [threading.Thread(target=produce, args=(p,)) for p in paths]
    for p in producers:
        p.start()
    for p in producers:
        p.join()
    lines.join()
    flushed.set()
    print("unprocessed lines:", len(drain()))


if __name__ == "__main__":
    main(["app.log", "worker.log", "scheduler.log"])
