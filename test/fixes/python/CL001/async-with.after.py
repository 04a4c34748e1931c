import asyncio

lock = asyncio.Lock()


async def update(state):
    async with lock:
        state["n"] += 1
        await asyncio.sleep(0)
