import type { BpsConfig } from '../config/bps-config.js';
import { didYouMean } from '../config/suggest.js';
import { INIT_LABEL } from '../model/job-spec.js';

/**
 * The warning for `pipetask.<label>` sections that name no task label of the QuantumGraph: their values
 * apply to nothing (a typo such as `calibrat`, or a resources file written for a larger pipeline, as
 * drp_pipe's are); undefined when every section is used.
 */
export function unusedLabelWarning(bps: BpsConfig, taskLabels: readonly string[]): string | undefined {
  const unused = bps.pipetaskLabels().filter((label) => label !== INIT_LABEL && !taskLabels.includes(label));
  if (unused.length === 0) return undefined;
  const typos = unused.map((label) => [label, didYouMean(label, taskLabels, 1)] as const).filter(([, hint]) => hint !== '');
  const shown = unused.length <= 8 ? unused.join(', ') : `${unused.slice(0, 8).join(', ')} and ${unused.length - 8} more`;
  const hints = typos.map(([label, hint]) => ` pipetask.${label}:${hint}`).join('');
  return `pipetask sections for task labels not in this QuantumGraph apply to nothing: ${shown}.${hints}`;
}
