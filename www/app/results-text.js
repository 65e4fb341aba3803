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

/** Span kinds in which a worker waits on another: for a lock, or in a channel's send or receive. */
const WAITING = new Set(['lock-wait', 'send', 'recv']);

/**
 * The share of its workers' recorded time a run spent in lock waits, sends and receives, from
 * its timeline (an even sample of the spans, which keeps the shares).
 */
export function waitShare(report) {
  let waited = 0;
  let total = 0;
  for (const span of report.timeline?.spans ?? []) {
    const length = span.endMs - span.startMs;
    total += length;
    if (WAITING.has(span.kind)) waited += length;
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
