import time
import threading


class Writer:
    def __init__(self, f):
        self._lock = threading.RLock()
        self._file = f

    def write(self, data):
        try:
            time.sleep(0.1)
            self._lock.acquire()
            self._file.write(data)
        finally:
            self._lock.release()
