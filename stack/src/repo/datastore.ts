import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/files.js';
import type { ButlerConfig } from './butler-config.js';
import { expandTemplate } from './file-template.js';

/**
 * What every dataset file of the toy datastore holds (a small JSON stub standing for the FITS/parquet
 * file): enough to know which dataset it is and who wrote it.
 */
export interface DatasetFile {
  readonly id: string;
  readonly datasetType: string;
  readonly run: string;
  /** Full data ID, required then implied keys. */
  readonly dataId: Readonly<Record<string, string | number>>;
  readonly storageClass: string;
  /** For outputs: the quantum that wrote it. */
  readonly producer?: Readonly<Record<string, unknown>>;
  /** Anything else a task writes (a `_log` holds its records here). */
  readonly content?: unknown;
}

/** Every file of the toy datastore is JSON, whatever its storage class. */
const EXTENSION = '.json';

/** The toy FileDatastore: template-named JSON stubs under `datastore.root`. */
export class Datastore {
  constructor(private readonly config: ButlerConfig) {}

  /** A dataset's path relative to the datastore root, from the repo's file template. */
  relativePath(run: string, datasetType: string, dataId: Readonly<Record<string, string | number>>): string {
    return `${expandTemplate(this.config.template, { run, datasetType, dataId })}${EXTENSION}`;
  }

  absolutePath(relative: string): string {
    return join(this.config.datastoreRoot, relative);
  }

  /** Reads a dataset file; undefined when absent or unreadable (a half-written file never exists: writes are atomic). */
  read(relative: string): DatasetFile | undefined {
    const path = this.absolutePath(relative);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as DatasetFile;
    } catch {
      return undefined;
    }
  }

  /** True if the file exists and holds the dataset with this id (an older run's file with the same name is not it). */
  has(relative: string, id: string): boolean {
    return this.read(relative)?.id === id;
  }

  write(relative: string, file: DatasetFile): void {
    writeFileAtomic(this.absolutePath(relative), `${JSON.stringify(file, null, 1)}\n`);
  }

  /**
   * Every dataset of one type in one RUN, found by walking `<root>/<run>/<datasetType>/` (the repo's
   * template starts with `{run:/}/{datasetType}/`); files of other runs nested below are skipped.
   */
  scan(run: string, datasetType: string): Array<DatasetFile & { readonly path: string }> {
    const top = join(this.config.datastoreRoot, run, datasetType);
    const found: Array<DatasetFile & { readonly path: string }> = [];
    const walk = (dir: string, rel: string): void => {
      for (const entry of readdirSync(dir).sort()) {
        const abs = join(dir, entry);
        const relPath = `${rel}/${entry}`;
        if (statSync(abs).isDirectory()) walk(abs, relPath);
        else if (entry.endsWith(EXTENSION) && !entry.includes('.tmp-')) {
          const file = this.read(relPath);
          if (file !== undefined && file.run === run && file.datasetType === datasetType) found.push({ ...file, path: relPath });
        }
      }
    };
    if (existsSync(top)) walk(top, `${run}/${datasetType}`);
    return found;
  }
}
