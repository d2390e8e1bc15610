import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASK_EVERY_MS, GIVE_UP_MS, StepUsage } from '../../../../src/executors/allocation/step-usage.js';
import { SlurmClient, type SlurmCallResult, type SlurmCommand } from '../../../../src/slurm/client.js';
import { slurmJobName } from '../../../../src/slurm/job-name.js';

/** sacct answering with the step rows it is given (sacctArgs' fields), counting its calls. */
class FakeSacct extends SlurmClient {
  rows = '';
  asked: string[][] = [];
  override async once(command: SlurmCommand, args: readonly string[]): Promise<SlurmCallResult> {
    this.asked.push([command, ...args]);
    return { exitCode: 0, stdout: this.rows, stderr: '' };
  }
}

const handle = (jobId: number, attempt = 1) => ({ jobId, attempt, externalId: '700', exitPath: `/x/${jobId}.${attempt}.exit` });
const row = (step: number, jobId: number, state: string, rss: string, cpu: string) => `700.${step}|700.${step}|${state}|0:0||${rss}|5|${cpu}|${slurmJobName('R1', jobId, 1, 'isr')}\n`;

test("steps' peak memory and CPU come from ONE sacct of the allocation's steps, every 30 s at most, matched by step name", async () => {
  const client = new FakeSacct();
  let now = 1_000_000;
  const usage = new StepUsage({ client, allocationId: '700', runId: 'R1', now: () => now });
  assert.deepEqual(await usage.poll(), [], 'nothing ended: no call');
  usage.ended(handle(1));
  usage.ended(handle(2));
  client.rows = ['700|700|RUNNING|0:0|None||60|00:00:00|bps.R1.alloc\n', '700.batch|700.batch|RUNNING|0:0|||60|00:00:00|batch\n',
    row(0, 1, 'COMPLETED', '204800K', '00:04.500'), row(1, 2, 'RUNNING', '', '00:00:00'), row(2, 9, 'COMPLETED', '1G', '00:01.000'),
    `700.3|700.3|COMPLETED|0:0||1G|5|00:01.000|${slurmJobName('OTHER', 1, 1, 'isr')}\n`].join('');
  const first = await usage.poll();
  assert.deepEqual(first, [{ type: 'usage', handle: handle(1), usage: { maxRssMiB: 200, cpuSec: 4.5 } }], "only this run's ended steps that are due");
  assert.deepEqual(client.asked, [['sacct', '-n', '-P', '--noconvert', '-j', '700', '-o', 'JobIDRaw,JobID,State,ExitCode,Reason,MaxRSS,ElapsedRaw,TotalCPU,JobName']]);
  now += ASK_EVERY_MS - 1;
  assert.deepEqual(await usage.poll(), []);
  assert.equal(client.asked.length, 1, 'not again within 30 s');
  now += 1;
  client.rows = row(1, 2, 'COMPLETED', '', '00:00:00');
  assert.deepEqual(await usage.poll(), [], 'ended, but accounting measured nothing (jobacct_gather/none): no event');
  usage.ended(handle(3));
  now += GIVE_UP_MS;
  client.rows = '';
  await usage.poll();
  now += ASK_EVERY_MS;
  await usage.poll();
  assert.equal(client.asked.length, 3, 'a step accounting never recorded is given up after 5 minutes');
});
