import { open } from 'node:fs/promises';

/** Called for each complete line: its bytes are `bytes[start…end)` (no `\n`); `lineNo` counts from 1. */
export type LineHandler = (bytes: Buffer, start: number, end: number, lineNo: number) => void;

/**
 * Streams a file line by line as bytes, through one reused buffer (4 MiB, grown only for a longer
 * line): the file is never held whole, and no string is made unless the handler makes one. Returns
 * the number of complete lines and whatever follows the last `\n` (a line cut short), as text.
 */
export async function forEachLine(path: string, onLine: LineHandler, chunkBytes = 4 << 20): Promise<{ lines: number; tail: string }> {
  const handle = await open(path, 'r');
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let lineNo = 0;
  try {
    for (;;) {
      if (filled === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, filled);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      const view = buffer.subarray(0, filled + bytesRead);
      let start = 0;
      for (let nl = view.indexOf(10, start); nl >= 0; nl = view.indexOf(10, start)) {
        lineNo += 1;
        onLine(view, start, nl, lineNo);
        start = nl + 1;
      }
      filled = view.length - start;
      if (start > 0 && filled > 0) buffer.copyWithin(0, start, view.length);
    }
  } finally {
    await handle.close();
  }
  return { lines: lineNo, tail: buffer.toString('utf8', 0, filled) };
}
