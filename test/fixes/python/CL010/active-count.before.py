import threading


def busy():
    return threading.activeCount() > 1
