import { ESLint } from 'eslint';

// The boundaries are a design rule (docs/architecture/layout.md#boundaries-enforced): these specs
// lint snippets as if they sat at the given paths, through the project's real ESLint config.
const eslint = new ESLint();

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'continuum/boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('stop domain code from importing Nest, drivers or node I/O', async () => {
    const errors = await boundaryErrors(
      'services/intake/src/domain/client.ts',
      "import { Injectable } from '@nestjs/common';\nimport Database from 'better-sqlite3';\nimport { readFileSync } from 'node:fs';\nexport const all = [Injectable, Database, readFileSync];\n",
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/domain code is pure/);
  });

  it('let domain code import its own folder and the pure shared libraries', async () => {
    const errors = await boundaryErrors(
      'services/intake/src/domain/decide.ts',
      "import { RuleBroken } from '@continuum/decider';\nimport { findLevel } from '@continuum/care-episode';\nimport { score } from './screening.js';\nexport const all = [RuleBroken, findLevel, score];\n",
    );
    expect(errors).toEqual([]);
  });

  it('stop domain code from reaching into the application layer or infrastructure libraries', async () => {
    const errors = await boundaryErrors(
      'services/intake/src/domain/decide.ts',
      "import { handler } from '../application/intake.handler.js';\nimport { openEventStore } from '@continuum/event-store';\nexport const all = [handler, openEventStore];\n",
    );
    expect(errors).toEqual([expect.stringMatching(/outside its domain folder/), expect.stringMatching(/may import only/)]);
  });

  it('stop one service from importing another', async () => {
    const errors = await boundaryErrors(
      'services/treatment-plan/src/application/admissions.ts',
      "import { decide } from '../../../intake/src/domain/decide.js';\nexport const d = decide;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/must not import service intake/)]);
  });

  it('stop a library from importing a service', async () => {
    const errors = await boundaryErrors(
      'libs/platform/src/config.ts',
      "import { x } from '@continuum/intake/main.js';\nexport const y = x;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/library must not import a service/)]);
  });

  it('let the application layer use the framework and infrastructure', async () => {
    const errors = await boundaryErrors(
      'services/intake/src/application/intake.handler.ts',
      "import { Injectable } from '@nestjs/common';\nimport { openEventStore } from '@continuum/event-store';\nexport const all = [Injectable, openEventStore];\n",
    );
    expect(errors).toEqual([]);
  });
});

describe('module boundaries for specs', () => {
  it('let a domain spec use the given/when/then kit, which the code under test may not', async () => {
    const code = "import { deciderSpec } from '@continuum/testing';\nexport const s = deciderSpec;\n";
    expect(await boundaryErrors('libs/care-episode/src/episode.spec.ts', code)).toEqual([]);
    expect(await boundaryErrors('libs/care-episode/src/episode.ts', code)).toEqual([expect.stringMatching(/may import only/)]);
  });
});
