import threading

lock = threading.Lock()
balance = 0


def deposit(amount):
    global balance
    lock.acquire()
    # the critical section
    balance += amount
    if balance > 100:
        print("rich")
    lock.release()
    return balance
