// The progress bar under a run: read from shared memory on each animation frame (no messages;
// the runtime worker is busy running), for as long as `going()` says the run goes on.
/**
 * `label()` says which step of a longer task this is ("run 3 of 7"), or ''; `words` formats the
 * counts. With `runId`, only that run's progress is shown: shared memory holds the latest run of
 * the page, whoever's, so once another run has begun the bar keeps the last it saw of this one.
 * Returns `complete()`, which shows the run as finished (its whole total done) and stops the
 * frames: for when its report has arrived, whatever the last frame saw.
 */
export function followProgress(playground, { bar, text, words }, going, label = () => '', runId = null) {
  let seen = { done: 0, total: 0 };
  let completed = false;
  const show = ({ done, total }) => {
    bar.max = Math.max(total, 1);
    bar.value = Math.min(done, total);
    const counts = total ? `${words.number(done)} / ${words.number(total)}` : '';
    text.textContent = [label(), counts].filter(Boolean).join(' · ');
  };
  const frame = () => {
    if (completed) return;
    const progress = playground.progress();
    if (runId === null || progress.runId === runId) seen = progress;
    show(seen);
    if (going()) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return {
    complete() {
      completed = true;
      show({ done: seen.total, total: seen.total });
    },
  };
}
