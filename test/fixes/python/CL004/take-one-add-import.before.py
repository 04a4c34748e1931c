"""A consumer of a multiprocessing queue."""
from multiprocessing import Process, Queue


def consume(tasks):
    if tasks.qsize() > 0:
        tasks.get()


if __name__ == "__main__":
    tasks = Queue()
    worker = Process(target=consume, args=(tasks,))
    worker.start()
    worker.join()
