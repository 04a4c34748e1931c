import threading

threads = ["not", "a", "list", "of", "threads"]


def go(jobs):
    threads_1 = []
    for job in jobs:
        t = threading.Thread(target=job)
        t.daemon = True
        t.start()
        threads_1.append(t)
    for t in threads_1:
        t.join()
