/** The job id from sbatch's stdout: `--parsable` gives `123` or `123;cluster`, the default `Submitted batch job 123`. */
export function parseSbatchId(stdout: string): string {
  const text = stdout.trim();
  const match = /^(\d+)(?:;\S+)?$/.exec(text) ?? /^Submitted batch job (\d+)(?: on cluster \S+)?$/.exec(text);
  if (match === null) throw new Error(`sbatch printed no job id: ${JSON.stringify(stdout)}`);
  return match[1]!;
}
