// Prints Jest's totals per tier, then the single line CI reads: "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';
import { TEST_TIERS, tierOf } from './test-tiers.mjs';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
// A suite that fails to load has no test results; count it as a failure so it cannot hide.
const isBroken = (suite) => suite.status === 'failed' && suite.assertionResults.length === 0;

const rows = [...TEST_TIERS.map((tier) => tier.name), 'unknown'].map((name) => {
  const suites = report.testResults.filter((suite) => tierOf(suite.name) === name);
  const tests = suites.flatMap((suite) => suite.assertionResults);
  const starts = suites.map((suite) => suite.startTime);
  const ends = suites.map((suite) => suite.endTime);
  return {
    name,
    files: suites.length,
    passed: tests.filter((test) => test.status === 'passed').length,
    failed: tests.filter((test) => test.status === 'failed').length + suites.filter(isBroken).length,
    // Files of a tier run interleaved with the others' on the same workers: the busy time is the sum of its
    // files' durations; the span, from its first file's start to its last file's end.
    busySeconds: suites.reduce((sum, suite) => sum + (suite.endTime - suite.startTime), 0) / 1000,
    spanSeconds: suites.length === 0 ? 0 : (Math.max(...ends) - Math.min(...starts)) / 1000,
  };
});
console.log('tier     files  passed  failed  busy s   span s');
for (const row of rows.filter((each) => each.files > 0)) {
  console.log(
    `${row.name.padEnd(8)} ${String(row.files).padStart(5)} ${String(row.passed).padStart(7)} ${String(row.failed).padStart(7)} ${row.busySeconds.toFixed(0).padStart(7)} ${row.spanSeconds.toFixed(0).padStart(8)}`,
  );
}
const failed = report.numFailedTests + report.testResults.filter(isBroken).length;
const unknown = rows.at(-1).files;
if (unknown > 0) console.log(`${unknown} test file(s) belong to no tier`);
console.log(`${report.numPassedTests} passed, ${failed + unknown} failed`);
process.exit(failed + unknown > 0 || report.numTotalTests === 0 ? 1 : 0);
