import threading

lock = threading.RLock()


def work(items):
    lock.acquire(timeout=2)
    try:
        items.append(1)
    finally:
        lock.release()
