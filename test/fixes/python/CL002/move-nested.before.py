from multiprocessing import Pool


def main(items):
    # Squares every item in a worker process.
    def square(x):
        """Return x squared."""
        return x * x

    with Pool(4) as pool:
        return pool.map(square, items)


if __name__ == "__main__":
    print(main(range(10)))
