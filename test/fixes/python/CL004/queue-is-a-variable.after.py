import threading
from multiprocessing.dummy import Queue
from queue import Empty


def worker(queue):
    while True:
        try:
            task = queue.get(timeout=0.1)
        except Empty:
            break
        task()


if __name__ == "__main__":
    queue = Queue()
    threading.Thread(target=worker, args=(queue,)).start()
