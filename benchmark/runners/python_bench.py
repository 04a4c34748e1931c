"""Concurrency Lint benchmark runner for Python (standard library only).

Runs ONE measurement per process, so that every measurement starts from a fresh interpreter and the
orchestrator can attribute the memory of the whole process tree to it:

    python_bench.py --info
    python_bench.py --job '{"workload": "cpu", "model": "threads", "workers": 4, ...}'

It speaks JSON lines on stdout. A pool is started and warmed first (every worker has run a no-op task),
and that start-up is reported on its own as startup_s; then it prints {"event": "timed"} and the wall
time covers the tasks alone, on the ready pool. After the last task result it prints {"event": "peak"}
and waits for one line on stdin, so the orchestrator can sample the tree while every worker is still
alive; that pause, and the pool's shutdown, are not counted in the wall time.
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


def own_cpu_seconds():
    t = os.times()
    return t.user + t.system


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def live_process_cpu_seconds(pids):
    """CPU time of live pool workers from /proc/<pid>/stat (utime + stime); None without /proc.

    os.times() only counts children once they are reaped, i.e. after the pool shuts down, which would
    mix the pool's start-up and tear-down into the timed window.
    """
    total = 0.0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    return total


# Warm-up: each worker blocks on a barrier until every worker has taken one, so the pool cannot hand
# two warm-up tasks to one worker and every worker is alive before the timed work starts. Process
# workers get the barrier through the pool's initializer (inherited at creation, never pickled per task).
_barrier = None
WARM_UP_TIMEOUT_S = 120


def _install_barrier(barrier):
    global _barrier
    _barrier = barrier


def connect_client(job):
    """Opens this thread's connection before the timed work, as a client's connection pool would: the
    first connect of a process loads the resolver (~10-20 ms of CPU), which is start-up, not work."""
    if job["requestsPerTask"] > 0:
        _connection(job["port"])


def _warm_up_process(job):
    connect_client(job)
    _barrier.wait(WARM_UP_TIMEOUT_S)
    return os.getpid()


def _warm_up_thread(job, barrier):
    connect_client(job)
    barrier.wait(WARM_UP_TIMEOUT_S)
    return threading.get_ident()


def start_pool(job):
    """Creates the pool and waits until every worker has run a no-op task."""
    workers = job["workers"]
    if job["model"] == "threads":
        barrier = threading.Barrier(workers)
        executor = ThreadPoolExecutor(max_workers=workers)
        warm = [executor.submit(_warm_up_thread, job, barrier) for _ in range(workers)]
    else:
        context = multiprocessing.get_context(job.get("startMethod"))
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_install_barrier, initargs=(context.Barrier(workers),)
        )
        warm = [executor.submit(_warm_up_process, job) for _ in range(workers)]
    ready = {future.result() for future in warm}
    if len(ready) != workers:
        raise RuntimeError("the pool started %d distinct workers, expected %d" % (len(ready), workers))
    return executor


def run_in_pool(job, executor):
    futures = {executor.submit(run_task, job, i): i for i in range(job["tasks"])}
    results = [None] * job["tasks"]
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            results[futures[future]] = future.result()
    return results


def run_sequential(job):
    return [run_task(job, i) for i in range(job["tasks"])]


async def run_asyncio(job, clock):
    port, per_task = job["port"], job["requestsPerTask"]
    results = [None] * job["tasks"]
    next_index = iter(range(job["tasks"]))
    # Every coroutine's connection is open before the clock starts, as in the pool models.
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(job["workers"])]
    clock.start()

    async def worker(reader, writer):
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
        finally:
            writer.close()

    await asyncio.gather(*(worker(reader, writer) for reader, writer in connections))
    clock.stop()
    return results


def wait_for_sample():
    emit({"event": "peak"})
    sys.stdin.readline()


class Clock:
    """The timed window: wall time and the tree's CPU time between start() and stop()."""

    def __init__(self, worker_pids=()):
        self.pids = list(worker_pids)
        self.wall = self.cpu = 0.0

    def start(self):
        self._workers = live_process_cpu_seconds(self.pids)
        self._cpu = own_cpu_seconds()
        emit({"event": "timed"})
        self._started = time.perf_counter()

    def stop(self):
        self.wall = time.perf_counter() - self._started
        self.cpu = own_cpu_seconds() - self._cpu
        workers = live_process_cpu_seconds(self.pids)
        if self._workers is not None and workers is not None:
            self.cpu += workers - self._workers


def timed(run, worker_pids=()):
    clock = Clock(worker_pids)
    clock.start()
    results = run()
    clock.stop()
    return results, clock.wall, clock.cpu


def run_job(job):
    model = job["model"]
    startup = 0.0
    if model == "sequential":
        connect_client(job)
        results, wall, cpu = timed(lambda: run_sequential(job))
        wait_for_sample()
    elif model == "asyncio":
        if job["workload"] != "io":
            raise ValueError("the asyncio model runs the io workload only")
        # Coroutines cost no start-up worth reporting; the event loop's own is outside the clock.
        clock = Clock()
        results = asyncio.run(run_asyncio(job, clock))
        wall, cpu = clock.wall, clock.cpu
        wait_for_sample()
    elif model in ("threads", "processes"):
        if job["requestsPerTask"] > 0:
            # Load the resolver once here: forked workers inherit it instead of each paying for it.
            socket.getaddrinfo("127.0.0.1", job["port"], 0, socket.SOCK_STREAM)
        pool_started = time.perf_counter()
        executor = start_pool(job)
        try:
            startup = time.perf_counter() - pool_started
            # Private but stable since Python 3.2: the pool's worker processes by pid.
            pids = list(getattr(executor, "_processes", None) or {}) if model == "processes" else []
            results, wall, cpu = timed(lambda: run_in_pool(job, executor), pids)
            wait_for_sample()
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
    else:
        raise ValueError("unknown model %r" % model)
    emit({
        "event": "done",
        "wall_s": wall,
        "cpu_s": cpu,
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
