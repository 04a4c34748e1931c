import queue
import threading

jobs = queue.Queue()


def drain():
    handled = 0
    while True:  # drain what is left
        try:
            job = jobs.get(timeout=0.1)
        except queue.Empty:
            break
        job()
        handled += 1
    return handled
