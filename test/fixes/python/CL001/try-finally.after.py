import threading


class Counter:
    def __init__(self):
        self._lock = threading.Lock()
        self.value = 0

    def incr(self):
        self._lock.acquire()
        try:
            self.value += 1
            print(self.value)
        finally:
            self._lock.release()
