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
