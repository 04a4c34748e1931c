# fix: Use 'threading.currentThread().name'
import threading


def whoami():
    return threading.currentThread().name
