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


def crunch(paths, buckets):
    def scaled(path):
        name, counts = histogram(path, buckets)
        return name, normalise(counts)

    results = pool.map(scaled, paths)
    brightest = pool.map(lambda item: (item[0], sum(item[1][buckets // 2:])), results)
    return results, brightest


def checksums(paths):
    sums = {}
    for path in paths:
        sums[path] = pool.apply(os.path.getsize, (path,))
    return sums


def dark_images(paths, threshold):
    flags = pool.map(partial(lambda p, t: normalise(histogram(p)[1])[0] > t, t=threshold), paths)
    return [p for p, dark in zip(paths, flags) if dark]


pool = Pool(processes=cpu_count())
images = sorted(glob.glob(os.path.join("frames", "*.raw")))
histograms, brightness = crunch(images, BUCKETS)
sizes = checksums(images)
print("dark frames:", dark_images(images, 0.5))
for name, share in sorted(brightness, key=lambda kv: kv[1], reverse=True)[:10]:
    print("%-40s %.1f%% bright, %d bytes" % (name, share * 100, sizes[name]))
pool.join()
