// Completes what `nx run <service>:deploy` leaves in services/<service>/dist — its build, the
// pruned package.json and lockfile of @nx/js:prune-lockfile and the libraries copied by
// @nx/js:copy-workspace-modules — into a tree `npm ci --omit=dev` installs on its own:
// development dependencies are dropped from every package.json in it, since npm still
// resolves those of `file:` folders, and the workspace's npm overrides are carried over, since
// the pruned lockfile was resolved under them.
//   node tools/workspace/finish-deploy-tree.mjs <service>
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const service = process.argv[2];
if (!service || !existsSync(join('services', service, 'project.json'))) {
  process.stderr.write(`usage: node tools/workspace/finish-deploy-tree.mjs <service>: "${service ?? ''}" is not a folder of services/\n`);
  process.exit(2);
}
const tree = join('services', service, 'dist');
const libraries = join(tree, 'workspace_modules', '@continuum');
const manifests = [join(tree, 'package.json'), ...readdirSync(libraries).map((name) => join(libraries, name, 'package.json'))];
const { overrides } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const file of manifests) {
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  delete manifest.devDependencies;
  if (file === manifests[0] && overrides) manifest.overrides = overrides;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
process.stdout.write(`${tree}: the ${service} service and ${manifests.length - 1} libraries, ready for npm ci --omit=dev\n`);
