import multiprocessing as mp


def serve(port, *, verbose=False):
    print("serving on", port, verbose)


if __name__ == "__main__":
    server = mp.Process(target=serve(8080, verbose=True), name="server")
    server.start()
    server.join()
