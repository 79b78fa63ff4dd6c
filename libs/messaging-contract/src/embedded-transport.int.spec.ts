import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transportContract } from './transport.contract.js';

// The embedded bus: a SQLite log shared by the processes of one machine. Always runs.
const dir = mkdtempSync(join(tmpdir(), 'continuum-embedded-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

transportContract('embedded bus', {
  env: () => ({ BUS: 'embedded', BUS_URL: `sqlite:${join(dir, `bus-${Math.random().toString(36).slice(2)}.db`)}` }),
});
