"""Compute brightness histograms of many images in parallel with a process pool.

Images are represented as files of raw 8-bit grey pixels so the example needs no imaging library.
"""
import glob
import os
from functools import partial
from multiprocessing import Pool, cpu_count

BUCKETS = 16


def histogram(path, buckets=BUCKETS):
    counts = [0] * buckets
    with open(path, "rb") as f:
        for byte in f.read():
            counts[byte * buckets // 256] += 1
    return path, counts


def normalise(counts):
    total = sum(counts) or 1
    return [c / total for c in counts]


def scaled(path, buckets):
    name, counts = histogram(path, buckets)
    return name, normalise(counts)


def bright_share(item, buckets):
    name, shares = item
    return name, sum(shares[buckets // 2:])


def is_dark(path, threshold):
    return normalise(histogram(path)[1])[0] > threshold


def crunch(pool, paths, buckets):
    results = pool.map(partial(scaled, buckets=buckets), paths)
    brightest = pool.map(partial(bright_share, buckets=buckets), results)
    return results, brightest


def sizes_of(pool, paths):
    pending = {path: pool.apply_async(os.path.getsize, (path,)) for path in paths}
    return {path: result.get() for path, result in pending.items()}


def dark_images(pool, paths, threshold):
    flags = pool.map(partial(is_dark, threshold=threshold), paths)
    return [p for p, dark in zip(paths, flags) if dark]


def main():
    images = sorted(glob.glob(os.path.join("frames", "*.raw")))
    with Pool(processes=cpu_count()) as pool:
        histograms, brightness = crunch(pool, images, BUCKETS)
        sizes = sizes_of(pool, images)
        print("dark frames:", dark_images(pool, images, 0.5))
        pool.close()
        pool.join()
    for name, share in sorted(brightness, key=lambda kv: kv[1], reverse=True)[:10]:
        print("%-40s %.1f%% bright, %d bytes" % (name, share * 100, sizes[name]))


if __name__ == "__main__":
    main()
