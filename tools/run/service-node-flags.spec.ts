import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NODE_FLAGS } from './service-node-flags.js';

// The image's CMD is the one place the flags are written out again (a Dockerfile cannot import
// them): a service in a container would otherwise grow to the sizes the flags exist to prevent.
describe('the Node flags every service starts with', () => {
  it('are the image’s too, before main.js', () => {
    const dockerfile = readFileSync(path.resolve(import.meta.dirname, '../../Dockerfile'), 'utf8');
    // The services' stage; the file's other stages (the sign-in server for the compose stack) run other programs.
    const command = /^CMD (\[.*"main\.js"\])$/m.exec(dockerfile)?.[1];
    expect(command).toBeDefined();
    expect(JSON.parse(command!)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'main.js']);
  });

  it('are those of the npm scripts that rebuild projections outside a service', () => {
    const { scripts } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of ['projections:rebuild', 'bench:projections'])
      expect(scripts[name]!.split(' tools/launch.mjs ')[0]!.split(' ')).toEqual(['node', ...SERVICE_NODE_FLAGS]);
  });
});
