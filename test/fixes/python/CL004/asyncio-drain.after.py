import asyncio


async def drain(q: asyncio.Queue):
    while True:
        try:
            item = q.get_nowait()
        except asyncio.QueueEmpty:
            break
        print(item)
        q.task_done()
