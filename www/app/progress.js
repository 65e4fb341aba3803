// The progress bar under a run: read from shared memory on each animation frame (no messages;
// the runtime worker is busy running), for as long as `going()` says the run goes on.
/**
 * `label()` says which step of a longer task this is ("run 3 of 7"), or ''; `words` formats the counts. With `runId`, only
 * that run's progress is shown (shared memory holds the latest run of the page, whoever's).
 */
export function followProgress(playground, { bar, text, words }, going, label = () => '', runId = null) {
  const frame = () => {
    const progress = playground.progress();
    const { done, total } = runId === null || progress.runId === runId ? progress : { done: 0, total: 0 };
    bar.max = Math.max(total, 1);
    bar.value = Math.min(done, total);
    const counts = total ? `${words.number(done)} / ${words.number(total)}` : '';
    text.textContent = [label(), counts].filter(Boolean).join(' · ');
    if (going()) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
