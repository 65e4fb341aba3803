// Turns the raw output of `./build.sh bench` (target/bench/) into BENCHMARKS.md and
// bench/results.json. Every figure comes from those measurements; the only hand-written text
// is bench/findings.md, included as it is.
import { execSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { manyCoresMachines, manyCoresSection } from './many-cores.mjs';

const dir = process.argv[2] ?? 'target/bench';
const ROOT = new URL('..', import.meta.url);
const read = (file) => readFileSync(`${dir}/${file}`, 'utf8');
const native = JSON.parse(read('native.json'));
const browser = JSON.parse(read('browser.json'));
const divan = parseDivan(read('divan.txt'));
const N = browser.threads;

// --- statistics and formatting -------------------------------------------------------------

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

const fmt = (x, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const UNITS = {
  ms: (x) => `${fmt(x, x < 100 ? 1 : 0)} ms`,
  ns: (x) => `${fmt(x, 2)} ns`,
  'M/s': (x) => `${fmt(x / 1e6, 2)} M/s`,
  'k/s': (x) => `${fmt(x / 1e3, 0)} k/s`,
  B: (x) => `${fmt(x)} B`,
  x: (x) => `${fmt(x, 2)}×`,
};
const show = (x, unit) => (x == null ? '—' : UNITS[unit](x));
const spread = (s, unit) => (s ? `${show(s.median, unit)} (${show(s.min, unit)}–${show(s.max, unit)})` : '—');

/**
 * divan's table: `├─ name  fastest │ slowest │ median │ mean │ samples │ iters`, and for benches
 * with a counter a second line `│  52.57 Mitem/s │ …` with the same columns as throughput.
 */
function parseDivan(text) {
  const time = { ps: 1e-3, ns: 1, 'µs': 1e3, us: 1e3, ms: 1e6, s: 1e9 };
  const rate = { 'item/s': 1, 'Kitem/s': 1e3, 'Mitem/s': 1e6, 'Gitem/s': 1e9 };
  const columns = (cells, scale) => cells.slice(0, 3).map((c) => {
    const [, value, unit] = c.trim().match(/^([\d.]+) (\S+)$/) ?? [];
    return scale[unit] ? Number(value) * scale[unit] : NaN;
  });
  const rows = {};
  let last = null;
  for (const line of text.split('\n')) {
    const named = line.match(/^[├╰]─ (\S+)\s+(.*)$/);
    const more = line.match(/^│\s+(\S.*)$/);
    if (named) {
      last = named[1];
      const [min, max, median] = columns(named[2].split('│'), time);
      rows[last] = { unit: 'ns', min, max, median };
    } else if (more && last && /item\/s/.test(more[1])) {
      // Throughput: the fastest sample has the highest rate.
      const [max, min, median] = columns(more[1].split('│'), rate);
      rows[last] = { unit: 'M/s', min, max, median };
    }
  }
  return rows;
}

// --- the figures ---------------------------------------------------------------------------

const wall = (side, label) => {
  const run = side.runs?.[label];
  return run && !run.missing ? stats(run.samples.map((s) => s.wallMs)) : null;
};
const allOk = (side, label) => (side.runs?.[label]?.samples ?? []).every((s) => s.ok);
const micro = (side, label, key) => stats((side.micro?.[label]?.samples ?? []).map((s) => s[key]));
const ratio = (a, b) => (a && b ? a.median / b.median : null);

const raw = []; // [what, unit, stats, note]
const labels = [...new Set([...Object.keys(native.runs), ...Object.keys(browser.runs)])];
for (const label of labels) {
  if (browser.runs[label]?.missing) continue;
  for (const [side, data] of [['wasm', browser], ['native', native]]) {
    raw.push([`${side}: ${label} (wall time)`, 'ms', wall(data, label), allOk(data, label) ? '' : 'a check FAILED']);
  }
}
const MICRO = [
  ['mutex', 'uncontended Mutex lock+unlock'],
  ['mpsc', `mpsc throughput, ${N - 1} producer${N === 2 ? '' : 's'} → 1 consumer`],
  ['handoff', 'hand-off between two workers: mpsc, 1 producer → 1 consumer'],
  ['clock', 'clock read (Instant::now), two per timeline span'],
];
const PER_OP = new Set(['mutex', 'clock']);
for (const [label, what] of MICRO) {
  const unit = PER_OP.has(label) ? 'ns' : 'M/s';
  const key = PER_OP.has(label) ? 'nsPerOp' : 'opsPerSec';
  raw.push([`wasm: ${what}`, unit, micro(browser, label, key), ''], [`native: ${what}`, unit, micro(native, label, key), '']);
}
for (const [name, { unit, ...d }] of Object.entries(divan)) {
  raw.push([`native (divan): ${name}`, unit, { ...d, n: null }, 'divan\'s median, fastest and slowest sample']);
}
const postMessage = stats(browser.postMessage.map((s) => s.opsPerSec));
raw.push(['JS: postMessage between two workers, one number each', 'k/s', postMessage, '']);
const js1 = stats(browser.jsPipeline[1].map((s) => s.ms));
const jsN = stats(browser.jsPipeline[N].map((s) => s.ms));
raw.push(['JS: pipeline computation, 1 worker', 'ms', js1, ''], [`JS: pipeline computation, ${N} workers + postMessage`, 'ms', jsN, '']);
const poolStart = stats(browser.poolStart.map((s) => s.ms));
const firstRun = stats(browser.firstRun.map((s) => s.ms));
raw.push([`pool start: createPlayground() with ${N} workers, warm cache`, 'ms', poolStart, '']);
for (const [part, what] of [['workerMs', 'a module worker started, its imports loaded'], ['initMs', 'init(): the wasm instantiated'], ['poolMs', `initThreadPool(${N}): the pool's workers`]]) {
  raw.push([`  same start again, in parts: ${what}`, 'ms', stats(browser.poolStart.map((s) => s.parts[part])), 'bench/www/wasm-worker.js']);
}
raw.push(['first run: navigation start to report on screen, cold cache', 'ms', firstRun, `first example with its defaults`]);
raw.push(
  ['  of which: navigation start to page ready', 'ms', stats(browser.firstRun.map((s) => s.readyMs)), ''],
  ['  of which: the run (its wallMs)', 'ms', stats(browser.firstRun.map((s) => s.runMs)), ''],
  ['  of which: the run\'s self-check (its verifyMs)', 'ms', stats(browser.firstRun.map((s) => s.verifyMs)), ''],
);
if (browser.farReady) {
  const far = `every request held ${browser.farMs} ms (emulated), cold cache, HTTP/1.1`;
  raw.push(
    ['page ready from a far server: navigation start to ready to run', 'ms', stats(browser.farReady.map((s) => s.pageMs)), far],
    ['course.html ready from a far server: navigation start to both widgets ready', 'ms', stats(browser.farReady.map((s) => s.widgetsMs)), far],
  );
}

// --- goals ---------------------------------------------------------------------------------

const goals = []; // [what, result, goal, met: true | false | null]
const pipeN = wall(browser, 'pipeline');
const pipe1 = wall(browser, 'pipeline@1');
{
  const paired = stats(browser.runs['pipeline@1'].samples.map((s, i) => s.wallMs / browser.runs.pipeline.samples[i]?.wallMs));
  const speedup = ratio(pipe1, pipeN);
  const nativeSpeedup = ratio(wall(native, 'pipeline@1'), wall(native, 'pipeline'));
  goals.push([`pipeline speedup, wasm, 1 → ${N} workers`,
    `${show(speedup, 'x')} (per-rep ${show(paired?.min, 'x')}–${show(paired?.max, 'x')}; native ${show(nativeSpeedup, 'x')})`,
    `≥ ${fmt(0.95 * N, 2)}× (0.95·N)`, speedup >= 0.95 * N]);
}
for (const label of labels) {
  if (!wall(browser, label) || !wall(native, label)) continue;
  const r = ratio(wall(browser, label), wall(native, label));
  const threads = browser.runs[label].params?.threads;
  const failed = allOk(browser, label) && allOk(native, label) ? '' : '; a check FAILED';
  goals.push([`wasm vs native: ${label} (${threads} thread${threads === 1 ? '' : 's'})`,
    `${show(r, 'x')} (${show(wall(browser, label)?.median, 'ms')} / ${show(wall(native, label)?.median, 'ms')}${failed})`,
    '≤ 1.15×', !failed && r <= 1.15]);
}
goals.push([`pool start (${N} workers)`, spread(poolStart, 'ms'), N === 2 ? '≤ 100 ms' : '≤ 100 ms (stated for 2 workers)', poolStart?.median <= 100]);
goals.push([`first run on screen (the page's first example, "${browser.firstRun[0]?.example}", with its defaults)`,
  spread(firstRun, 'ms'), '≤ 1 s', firstRun?.median <= 1000]);
{
  const wasmHandoff = micro(browser, 'handoff', 'opsPerSec');
  const r = ratio(wasmHandoff, postMessage);
  goals.push(['shared memory vs messages (items/s between two workers)',
    `${show(r, 'x')} (wasm mpsc ${show(wasmHandoff?.median, 'M/s')} / postMessage ${show(postMessage?.median, 'k/s')})`, '≥ 10×', r >= 10]);
}
{
  const checksum = browser.runs.pipeline.samples[0]?.metrics.checksum;
  const same = [...browser.jsPipeline[1], ...browser.jsPipeline[N]].every((s) => s.checksum === checksum);
  goals.push([`JS baselines vs wasm pipeline on ${N} workers`,
    `wasm ${show(pipeN?.median, 'ms')}; JS 1 thread ${show(js1?.median, 'ms')} (${show(ratio(js1, pipeN), 'x')} slower); ` +
    `JS ${N} workers ${show(jsN?.median, 'ms')} (${show(ratio(jsN, pipeN), 'x')} slower)` +
    (same ? '; same checksum' : '; JS CHECKSUM DIFFERS'), 'wasm faster than both', same && pipeN?.median < js1?.median && pipeN?.median < jsN?.median]);
}
{
  const r = ratio(micro(browser, 'mpsc', 'opsPerSec'), micro(native, 'mpsc', 'opsPerSec'));
  goals.push([`mpsc throughput, wasm / native (${N - 1} producer${N === 2 ? '' : 's'})`, show(r, 'x'), '≥ 0.5', r >= 0.5]);
}
{
  const r = ratio(micro(browser, 'mutex', 'nsPerOp'), micro(native, 'mutex', 'nsPerOp'));
  goals.push(['uncontended Mutex, wasm ns / native ns', `${show(r, 'x')} (${show(micro(browser, 'mutex', 'nsPerOp')?.median, 'ns')} / ${show(micro(native, 'mutex', 'nsPerOp')?.median, 'ns')})`, '≤ 2', r <= 2]);
}
{
  const run = browser.runs['web-server@1M'];
  if (!run || run.missing) {
    goals.push(['1M connections (web-server)', 'not available yet: there is no web-server example in the registry', '≤ 256 B per connection', null]);
  } else {
    const connections = run.params.connections;
    const perConnection = (side) => stats(side.runs['web-server@1M'].samples.map((s) => s.metrics.bytesPerConnection ?? s.peakHeapBytes / connections));
    const b = perConnection(browser);
    goals.push([`1M connections (web-server, model ${run.params.model ?? 'default'})`,
      `wasm ${show(wall(browser, 'web-server@1M')?.median, 'ms')}, ${show(b?.median, 'B')} per connection (native ${show(perConnection(native)?.median, 'B')})`,
      '≤ 256 B per connection', b?.median <= 256]);
  }
}
goals.push(['payload (first load, gzip -9 per file)', `${fmt(browser.payload.gzip / 1000, 1)} KB in ${browser.payload.files.length} files (${fmt(browser.payload.bytes / 1000, 1)} KB uncompressed)`, '≤ 300 KB', browser.payload.gzip <= 300_000]);

// --- the machine ---------------------------------------------------------------------------

const sh = (cmd) => execSync(cmd, { cwd: ROOT, encoding: 'utf8' }).trim();
const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown';
const machine = {
  nproc: availableParallelism(),
  cpuModel,
  rustc: sh('rustc -V'),
  browser: browser.browser,
  node: process.version,
  // CPU other processes took while each half ran (bench/cpu.mjs).
  cpu: { native: JSON.parse(read('cpu-native.json')), browser: JSON.parse(read('cpu-browser.json')) },
  // As build.sh recorded them when the benchmarks started.
  commit: read('commit').trim() + (read('uncommitted').trim() ? ' with uncommitted changes' : ''),
  date: new Date(Number(read('started')) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
  // Until the browser half wrote its figures; the report itself takes no time to speak of.
  benchSeconds: Math.round(statSync(`${dir}/browser.json`).mtimeMs / 1000 - Number(read('started'))),
};

// --- output --------------------------------------------------------------------------------

const mark = (met) => (met === null ? '—' : met ? '✅ met' : '❌ missed');
const cell = (s) => String(s).replaceAll('|', '\\|');
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`./build.sh bench\` on ${machine.date} (commit ${machine.commit}); nothing here is typed in by hand except the findings at the end, from [bench/findings.md](bench/findings.md). Raw figures: [bench/results.json](bench/results.json). What is measured, and how often: [bench/plan.json](bench/plan.json).`,
  '',
  '## Machine',
  '',
  `- ${machine.nproc} cores (nproc), ${machine.cpuModel}`,
  `- ${machine.browser} (headless), ${N} web workers in the pool; native runs on ${native.threads} OS threads`,
  `- ${machine.rustc}; Node ${machine.node}`,
  `- CPU that other processes took while the benchmarks ran, in cores on average (0 on a quiet machine, ${N} = all of it): ` +
    `${fmt(machine.cpu.native.others, 2)} during the native runs, ${fmt(machine.cpu.browser.others, 2)} during the browser's ` +
    `(the benchmarks themselves: ${fmt(machine.cpu.native.own, 2)} and ${fmt(machine.cpu.browser.own, 2)}; the hypervisor's steal: ` +
    `${fmt(machine.cpu.native.steal, 2)} and ${fmt(machine.cpu.browser.steal, 2)})`,
  `- ${browser.reps} timed repetitions after ${browser.warmups} warm-up runs each (JS baselines ${browser.jsPipeline[1].length}); the whole \`./build.sh bench\` took ${machine.benchSeconds} s`,
  '',
  '## Goals',
  '',
  '| what | result (medians; min–max for single figures) | goal | |',
  '|---|---|---|---|',
  ...goals.map(([what, result, goal, met]) => `| ${cell(what)} | ${cell(result)} | ${cell(goal)} | ${mark(met)} |`),
  '',
  '## All figures',
  '',
  'Median, min and max over the repetitions. Wall times are the reports\' `wallMs` (the run itself, without its self-checks); every run checked its own results.',
  '',
  '| measurement | median | min | max | runs | note |',
  '|---|---:|---:|---:|---:|---|',
  ...raw.map(([what, unit, s, note]) => `| ${cell(what)} | ${show(s?.median, unit)} | ${show(s?.min, unit)} | ${show(s?.max, unit)} | ${s?.n ?? ''} | ${cell(note)} |`),
  '',
  '<details><summary>Payload: the files of a first visit</summary>',
  '',
  '| file | bytes | gzip -9 |',
  '|---|---:|---:|',
  ...browser.payload.files.map((f) => `| ${f.path} | ${fmt(f.bytes)} | ${fmt(f.gzip)} |`),
  '',
  '</details>',
  '',
  ...manyCoresSection(),
  '',
  '## Findings',
  '',
  readFileSync(new URL('findings.md', import.meta.url), 'utf8').trim(),
  '',
];
writeFileSync(new URL('BENCHMARKS.md', ROOT), lines.join('\n'));
writeReadmeSpeed();
writeFileSync(new URL('bench/results.json', ROOT), `${JSON.stringify({ machine, goals: goals.map(([what, result, goal, met]) => ({ what, result, goal, met })), native, browser, divan }, null, 2)}\n`);
console.error(lines.slice(0, 30 + goals.length).join('\n'));

// --- README's speed summary ----------------------------------------------------------------

/** Where the many-core figures come from, or that there are none from more cores yet. */
function manyCoresSentence() {
  const machines = manyCoresMachines();
  if (!machines) return [];
  const more = machines.most > N ? '' : `; none yet from a machine with more than ${N} cores`;
  return [`BENCHMARKS.md's "Many cores" sets the browser beside native Rust at 1, 2, 4, … threads: measured on ${machines.text}${more}.`];
}

/**
 * The README's "Speed" paragraph, written from these figures between its two markers, so the
 * README never quotes a figure that this run did not measure.
 */
function writeReadmeSpeed() {
  const url = new URL('README.md', ROOT);
  const readme = readFileSync(url, 'utf8');
  const open = '<!-- speed: written by bench/report.mjs from the last ./build.sh bench -->';
  const close = '<!-- /speed -->';
  const [from, to] = [readme.indexOf(open), readme.indexOf(close)];
  if (from < 0 || to < from) throw new Error('README.md has no speed markers');
  const ms = (s) => show(s?.median, 'ms');
  const nativePipe = wall(native, 'pipeline');
  const timed = ['game-server', 'message-queue', 'web-server']
    .map((label) => ratio(wall(browser, label), wall(native, label))).filter((r) => r != null);
  const oneM = browser.runs['web-server@1M'];
  const perConnection = oneM && !oneM.missing
    ? stats(oneM.samples.map((x) => x.metrics.bytesPerConnection)) : null;
  const clock = (side) => micro(side, 'clock', 'nsPerOp');
  // With every request held 100 ms: a first visit from far away, where round trips add up.
  const farClause = () => (browser.farReady
    ? ` (with every request held ${browser.farMs} ms, as from a distant server, the page is ready to run after ${ms(stats(browser.farReady.map((s) => s.pageMs)))})`
    : '');
  const paragraph = [
    `Measured by \`./build.sh bench\` on ${machine.nproc} cores (${machine.cpuModel}) in headless ${machine.browser}`,
    `on ${machine.date.slice(0, 10)} (commit ${machine.commit}), medians of ${browser.reps} runs after warm-up`,
    '([BENCHMARKS.md](BENCHMARKS.md) has every figure, min and max, and the findings): `pipeline`',
    `takes ${ms(pipe1)} on 1 web worker and ${ms(pipeN)} on ${N}, a ${show(ratio(pipe1, pipeN), 'x')} speedup`,
    `(native rayon: ${show(ratio(wall(native, 'pipeline@1'), nativePipe), 'x')}), at ${show(ratio(pipeN, nativePipe), 'x')} native time;`,
    `plain JavaScript takes ${ms(js1)} on one thread and ${ms(jsN)} on ${N} workers. The pool starts in`,
    `${ms(poolStart)}, the first report is on screen ${ms(firstRun)} after navigation${farClause()}, an mpsc channel over`,
    `shared memory hands over ${show(ratio(micro(browser, 'handoff', 'opsPerSec'), postMessage), 'x')} more items per second than \`postMessage\`,`,
    `and \`web-server\` answers 1,000,000 connections in ${ms(wall(browser, 'web-server@1M'))} at ${show(perConnection?.median, 'B')} each.`,
    'The examples that time every single operation (`game-server`, `message-queue`, `web-server` at',
    `its default size) run ${show(Math.min(...timed), 'x')}–${show(Math.max(...timed), 'x')} native time: a clock read costs`,
    `${show(clock(browser)?.median, 'ns')} in the browser against ${show(clock(native)?.median, 'ns')} natively, and waking a blocked worker costs more too.`,
    ...manyCoresSentence(),
  ].join('\n');
  writeFileSync(url, `${readme.slice(0, from + open.length)}\n${paragraph}\n${readme.slice(to)}`);
}
