import threading

lock = threading.Lock()
entries = []


def append_entry(entry):
    try:
        lock.acquire()
        entries.append(entry)
    finally:
        lock.release()
