import queue
import threading

jobs = queue.Queue()


def drain():
    handled = 0
    while not jobs.empty():  # drain what is left
        job = jobs.get()
        job()
        handled += 1
    return handled
