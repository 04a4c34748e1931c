"""Build monthly sales reports from CSV exports with worker processes."""
import csv
import glob
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

OUTPUT_DIR = "reports"


def read_rows(path):
    with open(path, newline="") as f:
        yield from csv.DictReader(f)


def summarise(rows):
    totals = {}
    for row in rows:
        region = row.get("region", "unknown")
        totals[region] = totals.get(region, 0.0) + float(row.get("amount") or 0)
    return totals


def summarise_file(path):
    return summarise(read_rows(path))


def write_report(name, totals):
    # Each worker opens its own file: an open file object cannot be sent to another process.
    path = os.path.join(OUTPUT_DIR, name + ".txt")
    with open(path, "w") as out:
        for region, amount in sorted(totals.items()):
            out.write("%-20s %12.2f\n" % (region, amount))
    return path


def build_all(paths, log_file):
    with ProcessPoolExecutor(max_workers=4) as executor:
        futures = []
        for path in paths:
            name = os.path.splitext(os.path.basename(path))[0]
            totals = summarise(read_rows(path))
            futures.append(executor.submit(write_report, name, totals))
        sample = executor.submit(summarise_file, paths[0])
        for future in futures:
            log_file.write("wrote %s\n" % future.result())
        print("first export:", sample.result())
    return len(futures)


def mark_done(paths):
    for p in paths:
        os.rename(p, p + ".done")


def archive(paths, log_file):
    mover = mp.Process(target=mark_done, args=(paths,))
    mover.start()
    mover.join()
    log_file.write("archived %d files\n" % len(paths))


def main():
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    exports = sorted(glob.glob("exports/*.csv"))
    with open(os.path.join(OUTPUT_DIR, "build.log"), "a") as log:
        build_all(exports, log)
        archive(exports, log)


if __name__ == "__main__":
    main()
