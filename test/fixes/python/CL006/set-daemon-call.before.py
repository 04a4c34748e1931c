# fix: Set the daemon flag
from threading import Thread


def serve():
    pass


if __name__ == "__main__":
    worker = Thread(target=serve)
    worker.start()
    worker.setDaemon(True)
    worker.join()
