import threading


def busy():
    return threading.active_count() > 1
