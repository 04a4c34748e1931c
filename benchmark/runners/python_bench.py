"""Concurrency Lint benchmark runner for Python (standard library only).

Runs ONE measurement per process, so that every measurement starts from a fresh interpreter and the
orchestrator can attribute the memory of the whole process tree to it:

    python_bench.py --info
    python_bench.py --job '{"workload": "cpu", "model": "threads", "workers": 4, ...}'

It speaks JSON lines on stdout. After the last task result it prints {"event": "peak"} and waits for
one line on stdin, so the orchestrator can sample the tree while every worker is still alive; that
pause is not counted in the wall time.
"""
import asyncio
import json
import multiprocessing
import signal
import os
import platform
import socket
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait

MODULUS = 2147483647
MULTIPLIER = 48271
# Test hooks: make one task return a wrong answer or raise, to prove that checking works.
CORRUPT_TASK = int(os.environ.get("CONCURRENCY_LINT_BENCH_CORRUPT_TASK", "-1"))
FAIL_TASK = int(os.environ.get("CONCURRENCY_LINT_BENCH_FAIL_TASK", "-1"))


def emit(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def cpu_steps(seed, steps):
    acc = seed
    for i in range(steps):
        acc = (acc * MULTIPLIER + i) % MODULUS
    return acc


# One connection per thread (threads model) or per process (processes model), opened on first use,
# like a client library's connection pool.
_local = threading.local()


def _connection(port):
    conn = getattr(_local, "conn", None)
    if conn is None:
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = sock.makefile("rwb")
        _local.conn = conn
        _local.sock = sock
    return conn


def request(port, key):
    conn = _connection(port)
    conn.write(b"GET %d\n" % key)
    conn.flush()
    line = conn.readline()
    if not line:
        raise ConnectionError("the loopback server closed the connection")
    return int(line)


def run_task(job, index):
    if index == FAIL_TASK:
        raise RuntimeError("task %d failed on purpose (CONCURRENCY_LINT_BENCH_FAIL_TASK)" % index)
    workload = job["workload"]
    if workload == "cpu":
        result = cpu_steps(index + 1, job["cpuStepsPerTask"])
    elif workload == "io":
        result = 0
        per_task = job["requestsPerTask"]
        for r in range(per_task):
            result = (result + request(job["port"], index * per_task + r)) % MODULUS
    else:
        result = cpu_steps(request(job["port"], index), job["cpuStepsPerTask"])
    return result + 1 if index == CORRUPT_TASK else result


def tree_cpu_seconds():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_in_pool(job, executor, started):
    futures = {executor.submit(run_task, job, i): i for i in range(job["tasks"])}
    results = [None] * job["tasks"]
    first_result_at = None
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        if first_result_at is None:
            first_result_at = time.perf_counter()
        for future in done:
            results[futures[future]] = future.result()
    return results, first_result_at - started


def run_sequential(job, started):
    results = []
    first_result_at = None
    for i in range(job["tasks"]):
        results.append(run_task(job, i))
        if first_result_at is None:
            first_result_at = time.perf_counter()
    return results, first_result_at - started


async def run_asyncio(job, started):
    port, per_task = job["port"], job["requestsPerTask"]
    results = [None] * job["tasks"]
    next_index = iter(range(job["tasks"]))
    first = []

    async def worker():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for index in next_index:
                if index == FAIL_TASK:
                    raise RuntimeError("task %d failed on purpose (CONCURRENCY_LINT_BENCH_FAIL_TASK)" % index)
                acc = 0
                for r in range(per_task):
                    writer.write(b"GET %d\n" % (index * per_task + r))
                    await writer.drain()
                    line = await reader.readline()
                    if not line:
                        raise ConnectionError("the loopback server closed the connection")
                    acc = (acc + int(line)) % MODULUS
                results[index] = acc + 1 if index == CORRUPT_TASK else acc
                if not first:
                    first.append(time.perf_counter())
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(job["workers"])))
    return results, first[0] - started


def wait_for_sample():
    emit({"event": "peak"})
    sys.stdin.readline()


def run_job(job):
    model = job["model"]
    cpu_before = tree_cpu_seconds()
    started = time.perf_counter()
    paused = 0.0
    if model == "sequential":
        results, startup = run_sequential(job, started)
        finished = time.perf_counter()
        wait_for_sample()
        paused = time.perf_counter() - finished
    elif model == "asyncio":
        if job["workload"] != "io":
            raise ValueError("the asyncio model runs the io workload only")
        results, startup = asyncio.run(run_asyncio(job, started))
        finished = time.perf_counter()
        wait_for_sample()
        paused = time.perf_counter() - finished
    elif model in ("threads", "processes"):
        if model == "threads":
            executor = ThreadPoolExecutor(max_workers=job["workers"])
        else:
            context = multiprocessing.get_context(job.get("startMethod"))
            executor = ProcessPoolExecutor(max_workers=job["workers"], mp_context=context)
        try:
            results, startup = run_in_pool(job, executor, started)
            finished = time.perf_counter()
            wait_for_sample()
            paused = time.perf_counter() - finished
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
    else:
        raise ValueError("unknown model %r" % model)
    wall = time.perf_counter() - started - paused
    emit({
        "event": "done",
        "wall_s": wall,
        "cpu_s": tree_cpu_seconds() - cpu_before,
        "startup_s": startup,
        "results": results,
    })


def end_group_when_orphaned():
    """If the orchestrator dies without cleaning up, end this runner and every pool worker with it."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.25)
        os.killpg(os.getpgid(0), signal.SIGKILL)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def runtime_info(start_method):
    gil_check = getattr(sys, "_is_gil_enabled", None)
    implementation = platform.python_implementation()
    if gil_check is not None:
        gil_enabled = bool(gil_check())
    elif implementation in ("CPython", "PyPy"):
        gil_enabled = True  # before 3.13 these implementations always have a GIL
    else:
        gil_enabled = None
    return {
        "event": "info",
        "version": platform.python_version(),
        "implementation": implementation,
        "executable": sys.executable,
        "gil_enabled": gil_enabled,
        "start_method": start_method or multiprocessing.get_start_method(),
        "start_methods": multiprocessing.get_all_start_methods(),
    }


def main(argv):
    try:
        if argv[:1] == ["--info"]:
            emit(runtime_info(argv[1] if len(argv) > 1 else None))
            return 0
        if argv[:1] != ["--job"] or len(argv) != 2:
            raise ValueError("usage: python_bench.py --info [start-method] | --job JSON")
        end_group_when_orphaned()
        run_job(json.loads(argv[1]))
        return 0
    except BaseException as error:  # report every failure, including ones from worker processes
        emit({"event": "error", "message": "%s: %s" % (type(error).__name__, error)})
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
