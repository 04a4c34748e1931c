from queue import Empty, Queue

inbox = Queue()


def poll():
    if not inbox.empty():
        message = inbox.get()
        print("got", message)
        return message
    else:
        print("nothing yet")
        return None
