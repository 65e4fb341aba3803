// The "Many cores" section of BENCHMARKS.md, from the result folders committed under
// bench/many-cores/: each is the output of shared/many-cores' bundle (run.sh) on one machine —
// machine.txt, scale.jsonl (the browser), native.json (the same cases natively) and the
// cases.json the bundle ran. Nothing is typed in: a folder's table is its files, read here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const DIR = new URL('many-cores/', import.meta.url);
/** The goal per case at the most threads: wasm speedup ≥ 0.8 × native's, time ≤ 1.5×. */
const SPEEDUP_SHARE = 0.8;
const TIME_RATIO = 1.5;

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const ms = (x) => (x == null ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (x) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

/** {label: {threads: {ms, ok}}} from the bundle's `SCALE {...}` result lines. */
function browserRuns(text) {
  const cases = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('SCALE {')) continue;
    const r = JSON.parse(line.slice(6));
    if (r.type === 'result' && r.wallMs != null) {
      (cases[r.label] ??= {})[r.threads] = { ms: r.wallMs, ok: r.ok, metrics: r.metrics ?? {} };
    }
  }
  return cases;
}

/** The same shape from native.json's `label@tN` runs. */
function nativeRuns(json) {
  const cases = {};
  for (const [name, run] of Object.entries(json.runs ?? {})) {
    const m = /^(.+)@t(\d+)$/.exec(name);
    if (!m || !run.samples?.length) continue;
    const metrics = {};
    for (const name of Object.keys(run.samples[0].metrics ?? {})) {
      metrics[name] = median(run.samples.map((s) => s.metrics?.[name] ?? 0));
    }
    (cases[m[1]] ??= {})[Number(m[2])] = { ms: median(run.samples.map((s) => s.wallMs)), ok: run.samples.every((s) => s.ok), metrics };
  }
  return cases;
}

/** A result folder's machine.txt (lscpu, /proc/meminfo, run.sh's own lines), read once. */
function machine(name) {
  const text = readFileSync(new URL(`${name}/machine.txt`, DIR), 'utf8');
  const field = (re) => re.exec(text)?.[1]?.trim();
  return {
    cpus: Number(field(/^nproc: (\d+)/m) ?? 0),
    model: field(/^Model name:(.+)$/m),
    hypervisor: field(/^Hypervisor vendor:(.+)$/m),
    chromium: field(/^chromium: (.+)$/m),
    libc: field(/^native: (\w+) libc build/m),
    commit: field(/^bundle: commit: (\S+)/m),
    set: field(/^set: (\w+)/m),
    date: field(/^date: (\S+)/m),
  };
}

/** One line about the machine. */
function caption(m) {
  return [
    m.cpus && `${m.cpus} CPUs`,
    m.model && (m.hypervisor ? `${m.model} (${m.hypervisor})` : m.model),
    m.chromium && `${m.chromium} headless`,
    m.libc && `native: ${m.libc} libc`,
    m.commit && `commit ${m.commit}`,
    m.set && `set ${m.set}`,
    m.date,
  ].filter(Boolean).join('; ');
}

/** Speedup from the lowest thread count measured to `top`; the lowest is named when not 1. */
function speedup(row, top) {
  const counts = Object.keys(row).map(Number).sort((a, b) => a - b);
  if (!counts.length || !row[top]) return null;
  return { value: row[counts[0]].ms / row[top].ms, from: counts[0] };
}

/** A result folder's runs: `{ browser, native, cases }`. */
function results(folder) {
  const read = (file) => readFileSync(new URL(file, folder), 'utf8');
  const browser = browserRuns(read('scale.jsonl'));
  const native = existsSync(new URL('native.json', folder)) ? nativeRuns(JSON.parse(read('native.json'))) : {};
  return { browser, native, cases: JSON.parse(read('cases.json')) };
}

function table({ browser, native, cases }) {
  const timeDriven = new Set(Object.values(cases).flat().filter((c) => c.timeDriven).map((c) => c.label));
  const counts = [...new Set(Object.values(browser).flatMap((row) => Object.keys(row).map(Number)))].sort((a, b) => a - b);
  const n = counts.at(-1);
  const head = ['case', ...counts.map((t) => `wasm t${t}`), `wasm speedup at ${n}`, ...counts.map((t) => `native t${t}`),
    `native speedup at ${n}`, `wasm/native at ${n}`, 'goal'];
  const lines = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '--:').join('|')}|`];
  for (const [label, row] of Object.entries(browser)) {
    const nat = native[label] ?? {};
    const [w, x] = [speedup(row, n), speedup(nat, n)];
    const ratio = row[n] && nat[n] ? row[n].ms / nat[n].ms : null;
    const said = (s) => (s ? times(s.value) + (s.from === 1 ? '' : ` from t${s.from}`) : '–');
    let goal = '—';
    if (!timeDriven.has(label) && w && x && ratio != null) {
      const met = w.value >= SPEEDUP_SHARE * x.value && ratio <= TIME_RATIO;
      goal = met ? '✅' : '❌';
    }
    const cell = (c) => (c ? ms(c.ms) + (c.ok ? '' : ' !') : '–');
    lines.push(`| ${[label, ...counts.map((t) => cell(row[t])), said(w), ...counts.map((t) => cell(nat[t])), said(x),
      ratio == null ? '–' : ratio.toFixed(2), goal].join(' | ')} |`);
  }
  return lines;
}

/**
 * How often a waiting thread slept: `game-server`'s lock waits over 20 µs (`longLockWaits`), in
 * the median run, at 1 thread and the most. What the browser's locks do differently from
 * native ones shows here first. None when the folder's runs predate the metric.
 */
function sleepTable({ browser, native }) {
  const counts = [...new Set(Object.values(browser).flatMap((row) => Object.keys(row).map(Number)))].sort((a, b) => a - b);
  const [low, n] = [counts[0], counts.at(-1)];
  const slept = (row, t) => row?.[t]?.metrics?.longLockWaits;
  const rows = Object.entries(browser).filter(([, row]) => slept(row, n) != null);
  if (!rows.length) return [];
  const cell = (x) => (x == null ? '–' : Math.round(x).toLocaleString('en-US'));
  return [
    '',
    `Lock waits over 20 µs, when the waiting thread slept and was woken (\`longLockWaits\`, in the median run):`,
    '',
    `| case | wasm t${low} | wasm t${n} | native t${low} | native t${n} |`,
    '|---|--:|--:|--:|--:|',
    ...rows.map(([label, row]) => `| ${label} | ${cell(slept(row, low))} | ${cell(slept(row, n))} | ` +
      `${cell(slept(native[label], low))} | ${cell(slept(native[label], n))} |`),
  ];
}

/**
 * The committed result folders: the machine with the most cores first, then the latest run
 * first (a run is the folders of one bundle's sets, `…-default` and `…-variants`, dated by its
 * first set in machine.txt; a folder's name says the commit, not the order), default set first.
 */
function folders() {
  if (!existsSync(DIR)) return [];
  const names = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const run = (name) => name.replace(/-(default|variants)$/, '');
  const info = new Map(names.map((name) => [name, machine(name)]));
  const started = new Map();
  for (const name of names) {
    const date = info.get(name).date ?? '';
    if (!started.has(run(name)) || date < started.get(run(name))) started.set(run(name), date);
  }
  const order = (a, b) => info.get(b).cpus - info.get(a).cpus
    || started.get(run(b)).localeCompare(started.get(run(a)))
    || a.localeCompare(b);
  return names.sort(order);
}

/**
 * Which machines the many-core tables come from, for the README: `{ text: "16 CPUs (…), 2 CPUs
 * (…)", most: 16 }`, the largest first; null when no result folder is committed.
 */
export function manyCoresMachines() {
  const machines = new Map();
  for (const name of folders()) {
    const { cpus, model } = machine(name);
    machines.set(`${cpus}|${model}`, { cpus, model });
  }
  if (!machines.size) return null;
  const sorted = [...machines.values()].sort((a, b) => b.cpus - a.cpus);
  const text = sorted.map(({ cpus, model }) => (model ? `${cpus} CPUs (${model})` : `${cpus} CPUs`)).join(', ');
  return { text, most: sorted[0].cpus };
}

/** The section's lines; none when no result folder is committed. */
export function manyCoresSection() {
  const names = folders();
  if (!names.length) return [];
  const lines = [
    '## Many cores',
    '',
    'The same cases at 1, 2, 4, … threads in headless Chromium (web workers, as the page runs them) and natively (OS threads), ' +
      'on one machine, by the many-core bundle (`shared/many-cores`), from the result folders under [bench/many-cores/](bench/many-cores/). ' +
      `Wall times in ms, medians; ! marks a run whose checks failed. Goal per case (the many-core issue's): the wasm speedup at the most threads at least ${SPEEDUP_SHARE} × the native one, ` +
      `and wasm time there at most ${TIME_RATIO} × native; — where the case is time-driven (its own clock sets its length).`,
  ];
  for (const name of names) {
    const folder = new URL(`${name}/`, DIR);
    const runs = results(folder);
    lines.push('', `### ${name}`, '', `Machine: ${caption(machine(name))}.`, '', ...table(runs), ...sleepTable(runs));
  }
  return lines;
}
