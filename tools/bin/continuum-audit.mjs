#!/usr/bin/env node
// continuum-audit: npm run audit, from anywhere in the workspace (npx continuum-audit --help).
import { launch } from '../launch.mjs';

await launch('audit/continuum-audit.js', process.argv.slice(2));
