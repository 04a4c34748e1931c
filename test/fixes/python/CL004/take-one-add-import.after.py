"""A consumer of a multiprocessing queue."""
from multiprocessing import Process, Queue
import queue


def consume(tasks):
    try:
        tasks.get_nowait()
    except queue.Empty:
        pass


if __name__ == "__main__":
    tasks = Queue()
    worker = Process(target=consume, args=(tasks,))
    worker.start()
    worker.join()
