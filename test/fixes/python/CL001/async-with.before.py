import asyncio

lock = asyncio.Lock()


async def update(state):
    await lock.acquire()
    state["n"] += 1
    await asyncio.sleep(0)
    lock.release()
