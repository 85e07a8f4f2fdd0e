import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_DIR } from './contract';

interface Document {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
}

/**
 * Jest's global teardown for the e2e project: which documented operations and statuses the suites
 * exercised and which they never saw, printed and written to .contract/report.txt.
 */
export default function contractReport(): void {
  if (!existsSync('openapi.json') || !existsSync(CONTRACT_DIR)) return;
  const document = JSON.parse(readFileSync('openapi.json', 'utf8')) as Document;
  const seen = new Set<string>();
  for (const file of readdirSync(CONTRACT_DIR).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(CONTRACT_DIR, file), 'utf8').split('\n')) {
      if (line.trim()) seen.add(JSON.parse(line) as string);
    }
  }
  const lines: string[] = [];
  let documented = 0;
  let exercised = 0;
  let operations = 0;
  let touched = 0;
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item)) {
      operations += 1;
      const statuses = Object.keys(op.responses);
      const hit = statuses.filter((s) => seen.has(`${op.operationId} ${s}`));
      const missed = statuses.filter((s) => !hit.includes(s));
      documented += statuses.length;
      exercised += hit.length;
      if (hit.length) touched += 1;
      lines.push(`${op.operationId}: seen ${hit.join(' ') || '-'}; never seen ${missed.join(' ') || '-'}`);
    }
  }
  const summary =
    `contract: ${touched} of ${operations} operations exercised, ` +
    `${exercised} of ${documented} documented responses seen`;
  const report = [summary, ...lines.sort()].join('\n');
  writeFileSync(join(CONTRACT_DIR, 'report.txt'), `${report}\n`);
  process.stdout.write(`\n${report}\n(written to ${join(CONTRACT_DIR, 'report.txt')})\n`);
}
