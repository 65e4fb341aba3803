// The figures for sweeps (sweep.js): the speedup curve with its Amdahl fit, and time by a
// parameter's value (the pipeline's chunk size).
import { amdahlSpeedup, fitSerialFraction } from './amdahl.js';
import { chartFigure } from './charts.js';
import { el, ms, number } from './format.js';
import { REPEATS, speedups } from './sweep.js';

const percent = (fraction) => `${(fraction * 100).toFixed(1)}%`;

/** Speedup against workers: measured, ideal and Amdahl's law with the fitted serial fraction. */
export function speedupFigure({ points }) {
  const measured = speedups(points);
  const s = fitSerialFraction(measured);
  const workers = measured.map(([n]) => n);
  const fitted = s == null ? workers.map(() => null) : workers.map((n) => amdahlSpeedup(n, s));
  const best = measured.reduce((a, b) => (b[1] > a[1] ? b : a));
  const atBound = s != null && (s < 1e-6 || s > 1 - 1e-6);
  // With two worker counts there is one equation for one unknown, solvable unless s hits a bound.
  const exactFit = !atBound && measured.filter(([n]) => n > 1).length === 1;
  const slower = measured.some(([n, speedup]) => n > 1 && speedup < 1);
  const summary = el('p', 'sweep-summary');
  summary.append(
    el('strong', null, s == null ? 'No serial fraction: one worker only.' : `Serial fraction (Amdahl fit): ${percent(s)}`),
    ` · best speedup ${best[1].toFixed(2)}× on ${best[0]} ${best[0] === 1 ? 'worker' : 'workers'}` +
      ` · 1 worker ${ms(points[0].medianMs)}`,
  );

  const figure = chartFigure({
    title: 'Speedup curve', lead: summary,
    xLabel: 'workers', yLabel: 'speedup (× one worker)', yFromZero: true,
    xAxis: { incrs: [1, 2, 4, 8, 16, 32], values: (u, ticks) => ticks.map(String) },
    series: [
      { label: `measured (median of ${REPEATS})`, points: true, width: 3 },
      { label: 'ideal: n workers, n×', style: 'dashed' },
      { label: s == null ? 'Amdahl fit' : `Amdahl fit, serial ${percent(s)}`, style: 'dotted' },
    ],
    note: 'Solid line with dots: measured. Dashed: ideal. Dotted: Amdahl’s law with the fitted serial ' +
      `fraction. Each point is the median of ${REPEATS} runs, after one warm-up run.` +
      (exactFit ? ' With only two worker counts, the fit passes exactly through the one measured speedup.' : '') +
      (slower ? ' More workers were slower than one here: the machine may be busy with other work, or each ' +
        'run too short to share out.' : '') +
      ` The report below is the last run, on ${workers.at(-1)} workers.`,
  }, [workers, measured.map(([, v]) => v), workers, fitted]);

  figure.id = 'speedup-result';
  figure.dataset.serialFraction = s == null ? '' : String(s);
  figure.dataset.points = String(measured.length);
  return figure;
}

/** Median wall time against one parameter's values (log scale: they span powers of ten). */
export function sweepFigure({ points }, { param, title, xLabel, yLabel = 'wall time (ms)', categorical = false }) {
  const best = points.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  const summary = el('p', 'sweep-summary');
  const name = (value) => (categorical ? value : number(value));
  summary.append(el('strong', null, `${categorical ? 'Least' : 'Fastest'}: ${param} = ${name(best.value)} at ${ms(best.medianMs)}`));
  const xs = categorical ? points.map((_, i) => i) : points.map((p) => p.value);
  const figure = chartFigure({
    title, xLabel, lead: summary, yLabel, xLog: !categorical, yFromZero: true,
    xCategories: categorical ? points.map((p) => p.value) : undefined,
    series: [{ label: `median of ${REPEATS} runs`, points: true, width: 3, bars: categorical }],
    note: `Each point is the median of ${REPEATS} runs after one warm-up run; the other parameters are ` +
      `the ones in the form.${categorical ? '' : ' The horizontal axis is logarithmic.'} The report below is ` +
      `the last run (${param} = ${name(points.at(-1).value)}).`,
  }, [xs, points.map((p) => p.medianMs)]);
  figure.id = 'sweep-result';
  figure.dataset.points = String(points.length);
  return figure;
}
