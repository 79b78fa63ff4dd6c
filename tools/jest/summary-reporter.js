// One plain closing line, `summary: N passed, N failed, N skipped`, that CI and any reader
// can parse without knowing jest's own layout.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stderr.write(`\nsummary: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
