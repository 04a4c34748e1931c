# coding=utf-8
# A Python 2 era script: worker threads take numbers off a queue and append them to one file.
from multiprocessing.dummy import Process, Manager, Queue
from random import randrange
import threading
import time
import Queue as StdQueue

__author__ = 'ops@example.com'


def write_file(_queue, _lock, _file):
    name = threading.currentThread().getName()
    print name, 'Starting'

    while True:
        data = _queue.get()
        if data is 'DONE':
            break
        else:
            try:
                time.sleep(randrange(1, 5))
                _lock.acquire()
                _file.write(str(data) * 10000)
                _file.write('\n')
                _queue.task_done()
            finally:
                _lock.release()
                pass

    print name, 'Exiting'


PROCESSES_NUM = 10

if __name__ == '__main__':
    queue = Queue()
    errors = StdQueue.Queue()
    lock = Manager().Lock()

    for i in range(0, PROCESSES_NUM):
        queue.put(i)

    # put poison pill
    for i in range(0, PROCESSES_NUM):
        queue.put('DONE')

    f = open('mp_write_test.txt', 'w')
    work_list = [Process(target=write_file, name='Worker_%s' % i, args=(queue, lock, f)) for i in
                 range(0, PROCESSES_NUM)]
    for worker in work_list:
        worker.setName(worker.getName().lower())
        worker.start()

    for worker in work_list:
        worker.join()

    while errors.qsize() > 0:
        print 'error:', errors.get()
    f.close()
