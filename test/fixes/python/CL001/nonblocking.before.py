import threading

lock = threading.RLock()


def work(items):
    lock.acquire(timeout=2)
    items.append(1)
    lock.release()
