from multiprocessing import Process


def crunch(n):
    return n * n


if __name__ == "__main__":
    for n in range(8):
        p = Process(target=crunch, args=(n,))
        p.start()
        p.join()
    print("done")
