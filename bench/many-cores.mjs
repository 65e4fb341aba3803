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
    if (r.type === 'result' && r.wallMs != null) (cases[r.label] ??= {})[r.threads] = { ms: r.wallMs, ok: r.ok };
  }
  return cases;
}

/** The same shape from native.json's `label@tN` runs. */
function nativeRuns(json) {
  const cases = {};
  for (const [name, run] of Object.entries(json.runs ?? {})) {
    const m = /^(.+)@t(\d+)$/.exec(name);
    if (!m || !run.samples?.length) continue;
    (cases[m[1]] ??= {})[Number(m[2])] = { ms: median(run.samples.map((s) => s.wallMs)), ok: run.samples.every((s) => s.ok) };
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

function table(folder) {
  const read = (file) => readFileSync(new URL(file, folder), 'utf8');
  const browser = browserRuns(read('scale.jsonl'));
  const native = existsSync(new URL('native.json', folder)) ? nativeRuns(JSON.parse(read('native.json'))) : {};
  const cases = JSON.parse(read('cases.json'));
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

/** The committed result folders, by name. */
function folders() {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
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
    lines.push('', `### ${name}`, '', `Machine: ${caption(machine(name))}.`, '', ...table(folder));
  }
  return lines;
}
