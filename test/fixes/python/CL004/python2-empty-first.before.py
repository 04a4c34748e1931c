import Queue
import threading

work = Queue.Queue()


def step():
    if work.empty():
        print "idle"
    else:
        item = work.get()
        print "got", item
