import threading
from multiprocessing.dummy import Queue


def worker(queue):
    while queue.qsize():
        task = queue.get()
        task()


if __name__ == "__main__":
    queue = Queue()
    threading.Thread(target=worker, args=(queue,)).start()
