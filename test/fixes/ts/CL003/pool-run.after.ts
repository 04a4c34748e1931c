import { Piscina } from 'piscina';

const pool = new Piscina({ filename: './resize.js' });

export async function resizeAll(images: string[]): Promise<void> {
  const pending = [];
  for (const image of images) {
    pending.push(pool.run(image));
  }
  await Promise.all(pending);
}
