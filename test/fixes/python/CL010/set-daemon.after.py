import threading


class MyThread(threading.Thread):
    def run(self):
        print("this is " + self.name)


if __name__ == "__main__":
    t1 = MyThread()
    t1.setDaemon(True)
    t1.start()
