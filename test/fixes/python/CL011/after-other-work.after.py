import time
import threading


class Writer:
    def __init__(self, f):
        self._lock = threading.RLock()
        self._file = f

    def write(self, data):
        self._lock.acquire()
        try:
            time.sleep(0.1)
            self._file.write(data)
        finally:
            self._lock.release()
