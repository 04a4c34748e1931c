from queue import Empty, Queue
import threading

inbox = Queue()


def poll():
    if not inbox.empty():
        message = inbox.get()
        print("got", message)
        return message
    else:
        print("nothing yet")
        return None
