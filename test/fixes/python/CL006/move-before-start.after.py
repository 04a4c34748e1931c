import threading


def serve():
    pass


def launch():
    t = threading.Thread(target=serve)
    t.daemon = True
    t.start()
    print("started")
    return t
