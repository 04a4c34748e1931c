import Queue
import threading

work = Queue.Queue()


def step():
    try:
        item = work.get_nowait()
    except Queue.Empty:
        print "idle"
    else:
        print "got", item
