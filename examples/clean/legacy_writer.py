# The Python 3 port of ../legacy_writer.py: worker threads take numbers off a queue and append them
# to one file.
import queue
import threading
import time
from multiprocessing.dummy import Process, Manager, Queue
from random import randrange

DONE = 'DONE'
PROCESSES_NUM = 10


def write_file(_queue, _lock, _file):
    name = threading.current_thread().name
    print(name, 'Starting')

    while True:
        data = _queue.get()
        if data == DONE:
            break
        time.sleep(randrange(1, 5))
        with _lock:
            _file.write(str(data) * 10000)
            _file.write('\n')
        _queue.task_done()

    print(name, 'Exiting')


def drain(errors):
    while True:
        try:
            yield errors.get_nowait()
        except queue.Empty:
            return


if __name__ == '__main__':
    work = Queue()
    errors = queue.Queue()
    lock = Manager().Lock()

    for i in range(0, PROCESSES_NUM):
        work.put(i)

    # put poison pill
    for i in range(0, PROCESSES_NUM):
        work.put(DONE)

    with open('mp_write_test.txt', 'w') as f:
        work_list = [Process(target=write_file, name='worker_%s' % i, args=(work, lock, f))
                     for i in range(0, PROCESSES_NUM)]
        for worker in work_list:
            worker.start()

        for worker in work_list:
            worker.join()

    for error in drain(errors):
        print('error:', error)
