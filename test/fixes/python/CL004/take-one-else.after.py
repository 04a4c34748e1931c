from queue import Empty, Queue
import threading

inbox = Queue()


def poll():
    try:
        message = inbox.get_nowait()
    except Empty:
        print("nothing yet")
        return None
    else:
        print("got", message)
        return message
