import threading

lock = threading.Lock()
balance = 0


def deposit(amount):
    global balance
    with lock:
        # the critical section
        balance += amount
        if balance > 100:
            print("rich")
    return balance
