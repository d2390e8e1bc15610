import { makeRecord, type SlurmJobRecord } from './record.js';

/** Groups scontrol's lines into one text per job: `-o` prints a line per job, the default an indented block. */
function scontrolBlocks(stdout: string): string[] {
  const blocks: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('JobId=')) blocks.push(line.trimEnd());
    else if (line.trim() !== '' && blocks.length > 0) blocks[blocks.length - 1] += ` ${line.trim()}`;
  }
  return blocks;
}

/**
 * Key=value pairs of one scontrol job. JobName is printed raw, spaces and all (captured: `JobName=cap spaced | name
 * UserId=...`), so it is cut out by its known successor UserId first; any other value with spaces (WorkDir,
 * StdOut paths) is glued back onto the key before it.
 */
function scontrolFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let rest = block;
  const name = / JobName=(.*?) UserId=/.exec(block);
  if (name !== null) {
    fields.set('JobName', name[1]!);
    rest = block.slice(0, name.index) + block.slice(name.index + name[0].length - ' UserId='.length);
  }
  let key: string | undefined;
  for (const token of rest.split(' ')) {
    const match = /^([A-Za-z][A-Za-z0-9_:/]*)=(.*)$/.exec(token);
    if (match !== null) {
      key = match[1]!;
      if (!fields.has(key)) fields.set(key, match[2]!);
    } else if (key !== undefined && token !== '') {
      fields.set(key, `${fields.get(key)} ${token}`);
    }
  }
  return fields;
}

/** Parses `scontrol -o show job [id]` (one line per job) and the default multi-line `scontrol show job [id]`. */
export function parseScontrolShowJob(stdout: string): SlurmJobRecord[] {
  return scontrolBlocks(stdout).map((block) => {
    const f = scontrolFields(block);
    const arrayJob = f.get('ArrayJobId');
    const arrayTask = f.get('ArrayTaskId');
    return makeRecord({
      id: f.get('JobId') ?? '',
      arrayId: arrayJob !== undefined && arrayTask !== undefined ? `${arrayJob}_${arrayTask}` : undefined,
      name: f.get('JobName') ?? '',
      state: f.get('JobState') ?? 'UNKNOWN',
      reason: f.get('Reason') ?? '',
      exitCode: f.get('ExitCode') ?? '',
    });
  });
}
