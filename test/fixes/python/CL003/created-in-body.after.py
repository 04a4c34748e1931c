from multiprocessing import Process


def crunch(n):
    return n * n


if __name__ == "__main__":
    processes = []
    for n in range(8):
        p = Process(target=crunch, args=(n,))
        p.start()
        processes.append(p)
    for p in processes:
        p.join()
    print("done")
