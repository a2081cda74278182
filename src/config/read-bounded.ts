/** Reading one state file with its size limit kept on the bytes actually read. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_FILE_BYTES } from './types.js';

/**
 * The file's bytes, at most `max`. The limit is kept on the bytes read, not on what `stat`
 * says: special files (`/proc`, pipes) report a size of 0 whatever they hold. Opened non-blocking, so a
 * pipe swapped in after the listing cannot hang the load.
 */
export async function readBounded(file: string, max = MAX_FILE_BYTES): Promise<Buffer | 'too-large' | 'special'> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return 'special';
    if (info.size > max) return 'too-large';
    // Sized from stat as a hint only; grown while bytes keep coming, up to one byte past the limit.
    let buffer = Buffer.alloc(Math.min(max + 1, Math.max(info.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(buffer.length, max + 1 - buffer.length))]);
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > max) return 'too-large';
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
