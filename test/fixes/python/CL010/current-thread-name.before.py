# fix: Use 'threading.current_thread()'
import threading


def whoami():
    return threading.currentThread().getName()
