#!/usr/bin/env node
// continuum-dlq: npm run dlq, from anywhere in the workspace (npx continuum-dlq --help).
import { launch } from '../launch.mjs';

await launch('dlq/dlq.js', process.argv.slice(2));
