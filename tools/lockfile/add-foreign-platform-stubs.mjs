// `npm ci` insists that every optional dependency named in package-lock.json has an entry of
// its own. The registry our machines reach serves only the native packages for this
// platform (linux x64), so `npm install` writes a lock without entries for, say,
// @nx/nx-darwin-arm64, and `npm ci` then refuses the lock as out of sync. This adds an entry
// for each such package, marked optional and with the os/cpu its name states, so npm skips
// it on every other platform without asking the registry. Run it after changing dependencies:
//   npm install && npm run lockfile:stubs
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'win32', 'freebsd', 'openbsd', 'netbsd', 'android', 'openharmony', 'sunos', 'aix', 'linux'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  loong64: 'loong64',
  wasm32: 'wasm32',
};

const path = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const added = [];

for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${location}/${key}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = OS.find((o) => parts.includes(o));
    const cpu = parts.map((p) => CPU[p] ?? (p.startsWith('arm') ? 'arm' : undefined)).find(Boolean);
    if (!os || !cpu) continue;
    const libc = os === 'linux' ? (parts.some((p) => p.startsWith('musl')) ? ['musl'] : ['glibc']) : undefined;
    lock.packages[key] = { version: range.replace(/^[\^~=]/, ''), optional: true, os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
    added.push(`${name}@${lock.packages[key].version}`);
  }
}

lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} foreign-platform stubs: ${added.join(', ')}` : 'lock already complete');
