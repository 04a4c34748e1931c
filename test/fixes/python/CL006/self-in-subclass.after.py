import threading


class Poller(threading.Thread):
    def launch(self, background):
        # start polling
        self.daemon = background
        self.start()

    def run(self):
        pass
