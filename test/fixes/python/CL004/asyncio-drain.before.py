import asyncio


async def drain(q: asyncio.Queue):
    while not q.empty():
        item = await q.get()
        print(item)
        q.task_done()
