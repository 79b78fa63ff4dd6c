// `npm start`: every service on the embedded defaults, each in its own process, one
// combined log (each line prefixed with its service), clean shutdown on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const SERVICES: Array<{ name: string; port: number }> = [
  { name: 'intake', port: 3101 },
  { name: 'treatment-plan', port: 3102 },
  { name: 'dual-diagnosis', port: 3103 },
  { name: 'aftercare', port: 3104 },
  { name: 'audit', port: 3105 },
];

const root = path.resolve(import.meta.dirname, '../../..');
const only = process.argv.slice(2);
const chosen = only.length ? SERVICES.filter((s) => only.includes(s.name)) : SERVICES;
if (only.length && chosen.length !== only.length) {
  console.error(`unknown service in ${only.join(', ')}; known: ${SERVICES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

mkdirSync(path.join(root, 'data'), { recursive: true });
const width = Math.max(...chosen.map((s) => s.name.length));
const children = new Map<string, ChildProcess>();
let stopping = false;

for (const service of chosen) {
  const child = spawn(process.execPath, [path.join(root, 'services', service.name, 'dist/main.js')], {
    cwd: root,
    // Each service its own port: a PORT exported in the shell would otherwise send all of them to one.
    env: { ...process.env, PORT: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(service.name, child);
  const prefix = `${service.name.padEnd(width)} |`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => console.log(`${prefix} ${line}`));
  }
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    console.log(`${prefix} exited (${signal ?? `code ${code}`})`);
    // One service dying takes the others down: a half-running system hides failures.
    if (!stopping) stop(code ?? 1);
    else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
}
console.log(`continuum: ${chosen.map((s) => `${s.name} on http://localhost:${s.port}`).join(', ')} (Ctrl-C stops)`);

function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  for (const child of children.values()) child.kill('SIGTERM');
  // A service that has not closed after 10 s is killed: its store is transactional, nothing is lost.
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(exitCode || 1);
  }, 10_000).unref();
  if (children.size === 0) process.exit(exitCode);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
