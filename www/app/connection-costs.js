// What one connection costs: the figure web-server measured in this run, for the model that ran,
// next to published figures for the designs the chapter compares it with (a thread per
// connection, a goroutine, a Node.js socket). Only the first two rows are measured here; the
// others say where their number comes from.
import { bytes, el } from './format.js';

const MODELS = {
  'async': 'async task',
  'thread-pool': 'queued in a thread pool',
};

/**
 * Published figures, not measured here. Each is the memory one waiting connection holds in
 * that design, from the source named.
 */
export const PUBLISHED = [
  {
    design: 'thread per connection (its stack)',
    figure: '2 MiB / 8 MiB',
    source: 'Rust\'s std::thread docs: "the default stack size is 2 MiB"; pthread_create(3) on Linux: ' +
      'a new thread\'s default stack is RLIMIT_STACK, 8 MiB by default (ulimit -s). Address space ' +
      'reserved; pages are committed as they are touched.',
  },
  {
    design: 'goroutine',
    figure: '2 KiB',
    source: 'Go 1.4 release notes: a goroutine\'s starting stack "reduced from 8192 bytes to ' +
      '2048 bytes" (runtime/stack.go, stackMin = 2048); it grows as needed, so this is where it starts.',
  },
  {
    design: 'Node.js socket',
    figure: '≈ 8 KiB',
    source: 'Stack Overflow question 14049109 (2012): a Node.js 0.8 `net` server held about ' +
      '250,000 idle connections in 2 GB of RAM, i.e. about 8 KiB each, kernel buffers included.',
  },
];

/** The table for a web-server report; `report.params.model` says which model ran. */
export function connectionCosts(report) {
  const ran = report.params?.model;
  const measured = report.metrics?.bytesPerConnection;
  const t = el('table', 'data connection-costs');
  t.append(el('caption', 'muted small', 'Memory held by one waiting connection. Measured rows come ' +
    'from this run; published rows are other people\'s figures, not measured here.'));
  const head = t.createTHead().insertRow();
  for (const [text, cls] of [['one connection', ''], ['memory', 'num'], ['where the figure comes from', '']]) {
    const th = el('th', cls, text);
    th.scope = 'col';
    head.append(th);
  }
  const body = t.createTBody();
  const row = (design, figure, source, kind) => {
    const tr = body.insertRow();
    tr.dataset.kind = kind;
    const th = el('th', null, design);
    th.scope = 'row';
    tr.append(th);
    tr.insertCell().append(figure);
    tr.cells[1].className = 'num';
    tr.insertCell().append(source);
  };
  for (const [model, design] of Object.entries(MODELS)) {
    if (model === ran && Number.isFinite(measured)) {
      row(design, bytes(measured), `measured in this run (model: ${model}): peak heap growth ÷ peak connections in flight`, 'measured');
    } else {
      row(design, '—', `measured here when you run it: choose model ${model} and run`, 'not-run');
    }
  }
  for (const p of PUBLISHED) row(p.design, p.figure, `published, not measured here: ${p.source}`, 'published');
  // A box of its own, so that the table can lay out by its own width (a container query).
  const box = el('div', 'connection-costs-box');
  box.append(t);
  return box;
}
