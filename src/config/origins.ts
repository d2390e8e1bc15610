import { isAbsolute, relative } from 'node:path';
import { isMapping, keyPath, type ConfigNode } from './config-node.js';

/** Where a value came from: a file with the chain of files that included it, or a named source. */
export type Origin = { readonly files: readonly string[] } | { readonly source: 'command line' | 'generated' };

/**
 * Remembers, for every leaf key path of the merged config, which file set it last. Values are recorded
 * in merge order, so the last record of a path is the file whose value won: error messages can then
 * say "pipetask.isr.requestMemory in resources.yaml (included from main.yaml)".
 */
export class Origins {
  private readonly byPath = new Map<string, Origin>();

  /** `defaultsFile` is named as such in messages, so nobody looks for it in their own folder. */
  constructor(
    private readonly cwd: string,
    private readonly defaultsFile?: string,
  ) {}

  /** Records every leaf of `node`, placed at `prefix`, as coming from `origin`. */
  recordTree(node: ConfigNode, prefix: readonly string[], origin: Origin): void {
    for (const [key, value] of Object.entries(node)) {
      const path = [...prefix, key];
      if (isMapping(value) && Object.keys(value).length > 0) this.recordTree(value, path, origin);
      else this.byPath.set(keyPath(path), origin);
    }
  }

  /** Records one leaf (a later record of the same path wins, as in the merge). */
  record(path: readonly string[], origin: Origin): void {
    this.byPath.set(keyPath(path), origin);
  }

  /** The origin of a leaf key path, if recorded. */
  get(path: readonly string[]): Origin | undefined {
    return this.byPath.get(keyPath(path));
  }

  /** `pipetask.isr.requestMemory in sub/a.yaml (included from main.yaml)`, or the key path alone. */
  describe(path: readonly string[]): string {
    const where = keyPath(path);
    // A section has no origin of its own: where its first value was set is where it was written.
    const origin = this.get(path) ?? [...this.byPath].find(([key]) => key.startsWith(`${where}.`))?.[1];
    if (!origin) return where;
    if ('source' in origin) return `${where} (${origin.source})`;
    return `${where} in ${this.describeFiles(origin.files)}`;
  }

  /** `sub/a.yaml (included from main.yaml)`: the last file first, paths relative to the working directory. */
  describeFiles(files: readonly string[]): string {
    return `${this.show(files[files.length - 1] ?? '?')}${this.includedFrom(files)}`;
  }

  /** ` (included from a.yaml ← main.yaml)` for an included file (nearest includer first); "" for the top file. */
  includedFrom(files: readonly string[]): string {
    if (files.length < 2) return '';
    return ` (included from ${files.slice(0, -1).map((file) => this.show(file)).reverse().join(' ← ')})`;
  }

  /** A file path as the user knows it: relative to the working directory when below it. */
  show(file: string): string {
    if (file === this.defaultsFile) return `the bps-ts defaults (${file})`;
    const rel = relative(this.cwd, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  }
}
