import threading as th

worker = th.Timer(1.0, print)
worker.setName(name="ticker")
