/** A stream that may be a terminal (process.stdout / process.stderr are). */
export type MaybeTty = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

/**
 * Writes successive frames of a live display (a table redrawn each refresh). On a terminal each frame
 * replaces the previous one: the cursor moves up over it and clears to the end of the screen. Elsewhere
 * (a file, a pipe, a batch job's log) frames follow each other, a blank line apart, with no escape code.
 */
export class FrameWriter {
  private lastRows = 0;
  private frames = 0;

  constructor(private readonly out: MaybeTty) {}

  /** Whether frames replace each other (a terminal) or follow each other (anything else). */
  get isTty(): boolean {
    return this.out.isTTY === true;
  }

  /** Shows `text` (no trailing newline) as the next frame. */
  frame(text: string): void {
    this.frames += 1;
    if (!this.isTty) {
      this.out.write(`${this.frames > 1 ? '\n' : ''}${text}\n`);
      return;
    }
    this.out.write(`${this.erase()}${text}\n`);
    this.lastRows = screenRows(text, this.out.columns);
  }

  /** Leaves the current frame on screen: something was printed below it, and the next frame starts after that. */
  keep(): void {
    this.lastRows = 0;
  }

  /** Removes the current frame from a terminal (before a final table is printed in its place). */
  clear(): void {
    if (!this.isTty) return;
    this.out.write(this.erase());
    this.lastRows = 0;
  }

  private erase(): string {
    // The cursor cannot move above the top of the screen: a frame taller than the terminal is wiped
    // by clearing the whole screen instead, or its top would stay behind, once per refresh.
    const tall = this.out.rows !== undefined && this.out.rows > 0 && this.lastRows >= this.out.rows;
    return this.lastRows === 0 ? '' : tall ? '\x1b[H\x1b[2J' : `\x1b[${this.lastRows}A\x1b[J`;
  }
}

/**
 * The terminal rows a text takes: a line longer than the terminal is wide wraps onto more rows, and
 * moving the cursor up by the line count alone would leave the top of the previous frame on screen.
 */
export function screenRows(text: string, columns: number | undefined): number {
  const lines = text.split('\n');
  if (!columns || columns <= 0) return lines.length;
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(line.length / columns)), 0);
}
