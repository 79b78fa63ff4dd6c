import { startConsole } from './console-app.js';

await startConsole();
