import { compileTemplate, type ValueFormatter } from '../qgraph/data-id-template.js';
import type { DataId } from '../qgraph/types.js';

export type { ValueFormatter };

/**
 * Compiles a `templateDataId` such as `{tract}_{patch}_{band}_{visit}_{exposure}_{detector}` into a
 * function of a data ID. Dimensions a quantum lacks become "" (runs of `_` are collapsed by
 * {@link joinJobName}), so an isr job is `<uuid>_isr_919515_94`, not `<uuid>_isr____919515_94`.
 */
export function compileDataIdTemplate(template: string, format: ValueFormatter): (dataId: DataId) => string {
  const fill = compileTemplate(template, format);
  return (dataId) => fill((key) => dataId[key]);
}

/** Joins name pieces with `_`, collapsing runs of `_` and trimming them at the ends. */
export function joinJobName(...pieces: string[]): string {
  return pieces.join('_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}
