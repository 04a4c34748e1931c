import threading

threads = ["not", "a", "list", "of", "threads"]


def go(jobs):
    for job in jobs:
        t = threading.Thread(target=job)
        t.daemon = True
        t.start()
        t.join()
