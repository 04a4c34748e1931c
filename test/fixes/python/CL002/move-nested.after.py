from multiprocessing import Pool


# Squares every item in a worker process.
def square(x):
    """Return x squared."""
    return x * x


def main(items):
    with Pool(4) as pool:
        return pool.map(square, items)


if __name__ == "__main__":
    print(main(range(10)))
