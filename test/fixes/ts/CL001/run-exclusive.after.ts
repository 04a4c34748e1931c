// fix: Use
import { Mutex } from 'async-mutex';

const mutex = new Mutex();
let balance = 0;

export async function deposit(amount: number): Promise<void> {
  await mutex.runExclusive(async () => {
    const fee = await Promise.resolve(amount * 0.01);
    balance += amount - fee;
  });
}
