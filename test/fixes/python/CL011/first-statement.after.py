import threading

lock = threading.Lock()
entries = []


def append_entry(entry):
    lock.acquire()
    try:
        entries.append(entry)
    finally:
        lock.release()
