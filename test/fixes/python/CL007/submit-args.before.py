from concurrent.futures import ThreadPoolExecutor


def resize(path, width, height=None):
    print(path, width, height)


def run(paths):
    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(resize(p, 64, height=64)) for p in paths]
    return [f.result() for f in futures]
