/**
 * Slurm host lists (`n[1-4]`, `nid[001-003,007],login1`), expanded as `scontrol show hostnames` does, without
 * asking Slurm: the allocation executor expands its allocation's node list once, and a parser is cheaper to
 * test than a client call (test/fixtures/slurm/ has `scontrol show hostnames` output as the oracle).
 */

/** Splits at commas that are not inside brackets. */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i += 1) {
    const c = list[i];
    if (c === '[') depth += 1;
    else if (c === ']') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** `001-003,7` → ['001', '002', '003', '7'], keeping each range's zero padding. */
function expandRanges(ranges: string, whole: string): string[] {
  const out: string[] = [];
  for (const range of ranges.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
    if (!match) throw new Error(`not a Slurm host list: ${JSON.stringify(whole)}`);
    const [from, to = from] = [match[1] as string, match[2]];
    const width = from.length;
    for (let n = Number(from); n <= Number(to); n += 1) out.push(String(n).padStart(width, '0'));
  }
  return out;
}

/** One host expression, brackets expanded left to right (`r[1-2]n[1-2]` → r1n1, r1n2, r2n1, r2n2). */
function expandHost(expression: string, whole: string): string[] {
  const open = expression.indexOf('[');
  if (open < 0) return [expression];
  const close = expression.indexOf(']', open);
  if (close < 0) throw new Error(`not a Slurm host list: ${JSON.stringify(whole)}`);
  const prefix = expression.slice(0, open);
  const rest = expandHost(expression.slice(close + 1), whole);
  return expandRanges(expression.slice(open + 1, close), whole).flatMap((n) => rest.map((tail) => `${prefix}${n}${tail}`));
}

/** The host names of a Slurm host list, in order; throws on text that is not one. */
export function expandHostlist(list: string): string[] {
  return topLevelParts(list).flatMap((part) => expandHost(part, list));
}

/** Counts the CPUs of a `CPU_IDs=` value (`0-3`, `0,2-3`). */
export function countIds(ids: string): number {
  let total = 0;
  for (const range of ids.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
    if (!match) throw new Error(`not a Slurm id list: ${JSON.stringify(ids)}`);
    total += (match[2] === undefined ? 0 : Number(match[2]) - Number(match[1])) + 1;
  }
  return total;
}
