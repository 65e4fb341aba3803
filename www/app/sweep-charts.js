// The figures for sweeps (sweep.js): the speedup curve with its Amdahl fit, and time by a
// parameter's value (the pipeline's chunk size). Words from the catalog's `results.speedup.*`
// and `results.sweep.*`, numbers formatted for the reader's language.
import { amdahlSpeedup, fitSerialFraction } from './amdahl.js';
import { chartFigure } from './charts.js';
import { el } from './format.js';
import { browserWaitNoteNode } from './results.js';
import { REPEATS, speedups, sweepText } from './sweep.js';

const times = (words, x) =>
  new Intl.NumberFormat(words.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);

/** Speedup against workers: measured, ideal and Amdahl's law with the fitted serial fraction. */
export function speedupFigure({ points, last }, words) {
  const t = (key, args) => words.t(`results.speedup.${key}`, args);
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
    el('strong', null, s == null ? t('noFit') : t('fit', { fraction: words.percent(s, 1) })),
    ` · ${t('best', { speedup: times(words, best[1]), count: best[0] })} · ${t('oneWorker', { time: words.ms(points[0].medianMs) })}`,
  );

  const note = [t('note', { repeats: REPEATS })];
  if (exactFit) note.push(t('noteExact'));
  // Beyond two workers the curve's shape shows, and with it the machine's part in it.
  if (workers.at(-1) > 2) note.push(t('noteCores', { cores: navigator.hardwareConcurrency }));
  if (slower) note.push(t('noteSlower'));
  note.push(t('noteLast', { count: workers.at(-1) }));
  const figure = chartFigure({
    title: t('title'), lead: summary,
    xLabel: t('x'), yLabel: t('y'), yFromZero: true,
    xAxis: { incrs: [1, 2, 4, 8, 16, 32], values: (u, ticks) => ticks.map(String) },
    series: [
      { label: t('measured', { repeats: REPEATS }), points: true, width: 3 },
      { label: t('ideal'), style: 'dashed' },
      { label: s == null ? t('amdahl') : t('amdahlSerial', { fraction: words.percent(s, 1) }), style: 'dotted' },
    ],
    note: note.join(' '),
  }, [workers, measured.map(([, v]) => v), workers, fitted], words);

  const waits = last && browserWaitNoteNode(last, words);
  if (waits) figure.append(waits);
  figure.id = 'speedup-result';
  figure.dataset.serialFraction = s == null ? '' : String(s);
  figure.dataset.points = String(measured.length);
  return figure;
}

/**
 * Median of the measured figure (wall time unless the config says otherwise) against one
 * parameter's values (log scale: they span powers of ten); `config` is one of PARAM_SWEEPS.
 */
export function sweepFigure({ points }, config, words) {
  const { param, categorical = false } = config;
  const t = (key, args) => words.t(`results.sweep.${key}`, args);
  const text = sweepText(words, config);
  const best = points.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  const summary = el('p', 'sweep-summary');
  // The parameter and a choice by their ids, as in the form's code and the share link.
  const name = (value) => (categorical ? value : words.number(value));
  const paramName = param;
  summary.append(el('strong', null, t(categorical ? 'least' : 'fastest', {
    param: paramName, value: name(best.value), time: words.ms(best.medianMs),
  })));
  const xs = categorical ? points.map((_, i) => i) : points.map((p) => p.value);
  const note = [t('note', { repeats: REPEATS })];
  if (!categorical) note.push(t('noteLog'));
  note.push(t('noteLast', { param: paramName, value: name(points.at(-1).value) }));
  const figure = chartFigure({
    title: text.title, xLabel: text.x, lead: summary, yLabel: text.y, xLog: !categorical, yFromZero: true,
    xCategories: categorical ? points.map((p) => name(p.value)) : undefined,
    series: [{ label: t('median', { repeats: REPEATS }), points: true, width: 3, bars: categorical }],
    note: note.join(' '),
  }, [xs, points.map((p) => p.medianMs)], words);
  figure.id = 'sweep-result';
  figure.dataset.points = String(points.length);
  return figure;
}
