export * from './sqlite-file.js';
