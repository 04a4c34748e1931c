from multiprocessing import Pool


def square(x):
    return x * x


if __name__ == "__main__":
    with Pool(4) as pool:
        result = pool.apply_async(square(20), callback=print)
        print(result.get(timeout=1))
