# fix: Use 't1.daemon'
import threading


def serve():
    pass


if __name__ == "__main__":
    t1 = threading.Thread(target=serve)
    t1.daemon = True
    t1.start()
