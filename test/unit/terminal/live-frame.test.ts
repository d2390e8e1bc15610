import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { FrameWriter, screenRows } from '../../../src/terminal/live-frame.js';

type Sink = PassThrough & { isTTY?: boolean; columns?: number; rows?: number; text: () => string };

function sink(tty: boolean, columns?: number, rows?: number): Sink {
  const stream = new PassThrough() as Sink;
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  if (tty) stream.isTTY = true;
  if (columns !== undefined) stream.columns = columns;
  if (rows !== undefined) stream.rows = rows;
  stream.text = () => chunks.join('');
  return stream;
}

describe('FrameWriter', () => {
  it('on a terminal, moves up over the previous frame and clears it', async () => {
    const out = sink(true, 80);
    const frames = new FrameWriter(out);
    frames.frame('a\nb');
    frames.frame('c\nd\ne');
    frames.frame('f');
    await new Promise((r) => setImmediate(r));
    assert.equal(out.text(), 'a\nb\n\x1b[2A\x1b[Jc\nd\ne\n\x1b[3A\x1b[Jf\n');
  });

  it('clears the whole screen after a frame taller than the terminal (the cursor stops at the top)', async () => {
    const out = sink(true, 80, 3);
    const frames = new FrameWriter(out);
    frames.frame('a\nb\nc\nd');
    frames.frame('e');
    frames.frame('f');
    await new Promise((r) => setImmediate(r));
    assert.equal(out.text(), 'a\nb\nc\nd\n\x1b[H\x1b[2Je\n\x1b[1A\x1b[Jf\n');
  });

  it('elsewhere, writes frames a blank line apart with no escape code', async () => {
    const out = sink(false);
    const frames = new FrameWriter(out);
    frames.frame('a\nb');
    frames.frame('c');
    await new Promise((r) => setImmediate(r));
    assert.equal(out.text(), 'a\nb\n\nc\n');
  });
});

describe('screenRows', () => {
  it('counts the rows wrapped lines take on a narrow terminal', () => {
    assert.equal(screenRows('x'.repeat(83), 80), 2);
    assert.equal(screenRows(`${'x'.repeat(80)}\n\ny`, 80), 3);
    assert.equal(screenRows('x'.repeat(200), undefined), 1);
  });
});
