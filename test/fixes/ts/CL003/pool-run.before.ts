import { Piscina } from 'piscina';

const pool = new Piscina({ filename: './resize.js' });

export async function resizeAll(images: string[]): Promise<void> {
  for (const image of images) {
    await pool.run(image);
  }
}
