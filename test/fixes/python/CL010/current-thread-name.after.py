# fix: Use 'threading.current_thread()'
import threading


def whoami():
    return threading.current_thread().getName()
