// fix: Release in a finally
import { Mutex } from 'async-mutex';

export class Store {
  private readonly lock = new Mutex();
  private readonly items: string[] = [];

  async add(item: string): Promise<number> {
    await this.lock.acquire();
    try {
      if (this.items.includes(item)) return this.items.length;
      this.items.push(await Promise.resolve(item));
    } finally {
      this.lock.release();
    }
    return this.items.length;
  }
}
