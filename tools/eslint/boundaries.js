// Module boundaries (docs/architecture/layout.md#boundaries-enforced), enforced on resolved
// paths rather than on import strings, so that `../../` tricks cannot slip past them:
// - a `domain/` folder is pure: it may import only its own domain folder, the shared
//   pure libraries (decider, care-episode, contracts) and nothing with I/O or a framework;
// - a service never imports another service;
// - a library never imports a service.
import path from 'node:path';

const PURE_LIBS = new Set(['decider', 'care-episode', 'contracts', 'consent']);
const SERVICES = new Set(['aftercare', 'audit', 'dual-diagnosis', 'intake', 'treatment-plan']);
const root = path.resolve(import.meta.dirname, '../..');

function locate(file) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'services' || rel[0] === 'libs') {
    return { kind: rel[0], name: rel[1], inDomain: rel.includes('domain') || (rel[0] === 'libs' && PURE_LIBS.has(rel[1])) };
  }
  return { kind: 'other', name: rel[0], inDomain: false };
}

function target(spec, fromFile) {
  if (spec.startsWith('@continuum/')) {
    const name = spec.split('/')[1];
    return SERVICES.has(name) ? { kind: 'services', name } : { kind: 'libs', name, lib: true };
  }
  if (spec.startsWith('.'))
    return { ...locate(path.resolve(path.dirname(fromFile), spec)), relative: true, abs: path.resolve(path.dirname(fromFile), spec) };
  return { kind: 'package', name: spec };
}

export default {
  rules: {
    boundaries: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const file = context.filename;
        const here = locate(file);
        const isSpec = /\.spec\.ts$/.test(file);
        const domainRoot =
          here.inDomain && here.kind === 'services'
            ? file.slice(0, file.indexOf(`${path.sep}domain${path.sep}`) + `${path.sep}domain`.length)
            : undefined;
        function check(node) {
          const spec = node.source && node.source.value;
          if (typeof spec !== 'string') return;
          const to = target(spec, file);
          if (here.kind === 'libs' && to.kind === 'services') {
            context.report({ node, message: `a library must not import a service (${spec})` });
          }
          if (here.kind === 'services' && to.kind === 'services' && to.name !== here.name) {
            context.report({
              node,
              message: `service ${here.name} must not import service ${to.name}; talk through integration events (libs/contracts)`,
            });
          }
          if (!here.inDomain) return;
          // A domain spec may use the given/when/then helpers and jest; the code under test may not.
          if (isSpec && (to.name === 'testing' || to.name === '@jest/globals')) return;
          if (to.kind === 'package') {
            context.report({
              node,
              message: `domain code is pure: it must not import '${spec}' (framework, driver or I/O). Pass what it needs in as data.`,
            });
          } else if (to.kind === 'libs' && !PURE_LIBS.has(to.name)) {
            context.report({ node, message: `domain code may import only ${[...PURE_LIBS].join(', ')}; not ${spec}` });
          } else if (to.relative && domainRoot && !to.abs.startsWith(domainRoot)) {
            context.report({ node, message: `domain code must not import outside its domain folder (${spec})` });
          } else if (to.relative && here.kind === 'libs' && !(to.kind === 'libs' && to.name === here.name)) {
            context.report({ node, message: `pure library ${here.name} must not import ${spec}` });
          }
        }
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: (n) => check({ ...n, source: n.source }),
        };
      },
    },
  },
};
