import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Writes text chunks to a file (or stdout), waiting for the stream to drain instead of buffering everything. */
export async function writeChunks(chunks: Iterable<string>, path: string | undefined): Promise<void> {
  const stream = path === undefined ? process.stdout : createWriteStream(path);
  for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
  if (path !== undefined) {
    stream.end();
    await finished(stream);
  }
}
