"""Tail several log files and aggregate error counts with producer and consumer threads."""
import collections
import queue
import re
import threading

LINE = re.compile(r"^(?P<ts>\S+) (?P<level>[A-Z]+) (?P<msg>.*)$")
DONE = object()  # poison pill: one per consumer

lines = queue.Queue(maxsize=10000)
counts = collections.Counter()
counts_lock = threading.Lock()


def produce(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            lines.put(line.rstrip("\n"))  # blocks while the queue is full


def consume():
    while True:
        line = lines.get()
        try:
            if line is DONE:
                return
            match = LINE.match(line)
            if match:
                with counts_lock:
                    counts[match.group("level")] += 1
        finally:
            lines.task_done()


def reporter(stop, interval):
    # wait() returns True once stop is set: one Event, set once, never cleared.
    while not stop.wait(interval):
        with counts_lock:
            snapshot = dict(counts)
        print("levels so far:", snapshot)


def drain():
    leftovers = []
    while True:
        try:
            leftovers.append(lines.get_nowait())
        except queue.Empty:
            return leftovers


def main(paths):
    consumers = [threading.Thread(target=consume, daemon=True) for _ in range(4)]
    for c in consumers:
        c.start()
    stop = threading.Event()
    report = threading.Thread(target=reporter, args=(stop, 5))
    report.daemon = True
    report.start()

    producers = [threading.Thread(target=produce, args=(p,)) for p in paths]
    for p in producers:
        p.start()
    for p in producers:
        p.join()
    for _ in consumers:
        lines.put(DONE)
    lines.join()
    stop.set()
    print("unprocessed lines:", len(drain()))


if __name__ == "__main__":
    main(["app.log", "worker.log", "scheduler.log"])
