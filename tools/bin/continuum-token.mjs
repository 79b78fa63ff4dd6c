#!/usr/bin/env node
// continuum-token: npm run token, from anywhere in the workspace (npx continuum-token --help).
import { launch } from '../launch.mjs';

await launch('token/mint-token.js', process.argv.slice(2));
