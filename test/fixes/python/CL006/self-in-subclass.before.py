import threading


class Poller(threading.Thread):
    def launch(self, background):
        # start polling
        self.start()
        self.daemon = background

    def run(self):
        pass
