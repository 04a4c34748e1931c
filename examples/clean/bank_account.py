"""Simulate concurrent deposits, withdrawals and transfers between bank accounts."""
import random
import threading
import time


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self._lock = threading.Lock()

    def deposit(self, amount):
        with self._lock:
            self.balance += amount

    def withdraw(self, amount):
        time.sleep(random.random() / 1000)  # simulated network latency
        self._lock.acquire()
        try:
            if amount > self.balance:
                raise InsufficientFunds("%s has only %d" % (self.owner, self.balance))
            self.balance -= amount
        finally:
            self._lock.release()


audit_lock = threading.RLock()
audit_log = []


def audit(entry):
    with audit_lock:
        audit_log.append((time.time(), entry))
        if len(audit_log) > 10000:
            del audit_log[:5000]


def transfer(source, target, amount):
    try:
        source.withdraw(amount)
    except InsufficientFunds as error:
        audit("refused: %s" % error)
        return False
    target.deposit(amount)
    audit("moved %d from %s to %s" % (amount, source.owner, target.owner))
    return True


def random_transfers(accounts, count):
    for _ in range(count):
        source, target = random.sample(accounts, 2)
        transfer(source, target, random.randint(1, 50))


def payday(accounts):
    for account in accounts:
        account.deposit(100)


def main():
    accounts = [Account(name, 1000) for name in ("alice", "bob", "carol", "dave")]
    workers = []
    for i in range(8):
        worker = threading.Thread(target=random_transfers, args=(accounts, 1000), name="teller-%d" % i)
        worker.start()
        workers.append(worker)
    for worker in workers:
        worker.join()
    salary = threading.Thread(target=payday, args=(accounts,))
    salary.start()
    salary.join()
    total = sum(a.balance for a in accounts)
    print("total money in the bank: %d (expected %d)" % (total, 4000 + 400))
    print("audit entries:", len(audit_log))


if __name__ == "__main__":
    main()
