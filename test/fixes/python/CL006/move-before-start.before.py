import threading


def serve():
    pass


def launch():
    t = threading.Thread(target=serve)
    t.start()
    print("started")
    t.daemon = True
    return t
