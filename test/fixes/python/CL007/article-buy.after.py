import threading

total_count = 100000000


def buy():
    global total_count
    while True:
        if total_count > 0:
            total_count -= 1
        else:
            break


threads = []
for i in range(0, 1024):
    threads.append(threading.Thread(target=buy))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(total_count)
