import multiprocessing as mp


def fill(shared):
    shared["ready"] = True


manager = mp.Manager()
state = manager.dict()
p = mp.Process(target=fill, args=(state,))
p.start()
p.join()
print(dict(state))
