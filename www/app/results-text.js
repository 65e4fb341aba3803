// The results panel's words that need no DOM (app/results.js shows the rest), so that node can
// test them: the run in one sentence for the live region.
import { checkText } from './wording.js';

/** "on 4 workers", the headline's and the summary's way to say how many ran. */
export const onWorkers = (words, count) => words.t('results.headline.onWorkers', { count });

/**
 * The run in one sentence, for a live region: announced once when the run ends, where the
 * progress (which changes every frame) is not announced at all. Plain text: backticks dropped.
 */
export function summarize(report, words) {
  const failed = report.checks.filter((c) => !c.ok).map((c) => checkText(words, report.example, c).name.replaceAll('`', ''));
  const checks = report.ok ? words.t('results.summary.allPassed')
    : failed.length === 0 ? words.t('results.summary.noCheck')
      : words.t('results.summary.failed', { names: failed.join('; ') });
  return words.t('results.summary.finished', { time: words.ms(report.wallMs), workers: onWorkers(words, report.threads), checks });
}

/**
 * The share of its workers' time a run spent waiting on each other (for a lock, or in a
 * channel's send and receive) rather than busy: from each worker's exact totals, not from the
 * timeline, which may be a sample. Time idle on purpose (a sensor's sleep) is neither.
 */
export function waitShare(report) {
  let waited = 0;
  let total = 0;
  for (const worker of report.workers ?? []) {
    waited += worker.waitingMs;
    total += worker.busyMs + worker.waitingMs;
  }
  return total > 0 ? waited / total : 0;
}

/** Below this share of waiting, the browser's cost of waking a worker hardly shows. */
const WAITS_OFTEN = 0.1;

/**
 * Said beside a measure of scaling (1 vs N, the speedup curve) when the run's workers often
 * waited on each other: that is where a browser is slower than a native build of the same
 * code, so the figure shows the browser's cost as well as the example's. Null otherwise.
 */
export function browserWaitNote(report, words) {
  const share = waitShare(report);
  if (report.threads < 2 || share < WAITS_OFTEN) return null;
  return words.t('results.browserWaits', { share: words.percent(share) });
}
