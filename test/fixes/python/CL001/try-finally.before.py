import threading


class Counter:
    def __init__(self):
        self._lock = threading.Semaphore(2)
        self.value = 0

    def incr(self):
        self._lock.acquire()
        self.value += 1
        print(self.value)
