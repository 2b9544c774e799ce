// Prints one plain "N passed, N failed" line per Jest JSON report and one for all of them, so
// CI can count the tests. Exits non-zero when any test failed or a report is missing.
const { readFileSync } = require('node:fs');
const { basename } = require('node:path');

let passed = 0;
let failed = 0;
let missing = false;

for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    console.log(
      `${basename(file, '.json')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
    );
  } catch {
    missing = true;
    console.log(`${basename(file, '.json')}: no report`);
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || missing ? 1 : 0;
