// What one connection costs: the figure web-server measured in this run, for the model that ran,
// next to published figures for the designs the chapter compares it with (a thread per
// connection, a goroutine, a Node.js socket). Only the first two rows are measured here; the
// others say where their number comes from. Words from the catalog's `results.costs.*`.
import { el } from './format.js';
import { rich } from './i18n.js';

/** The models web-server can run, whose rows this run may measure. */
const MODELS = ['async', 'thread-pool'];

/**
 * Published figures, not measured here: the memory one waiting connection holds in that
 * design. Each one's name and source are the catalog's `results.costs.published.<id>`.
 */
export const PUBLISHED = [
  { id: 'thread', figure: '2 MiB / 8 MiB' },
  { id: 'goroutine', figure: '2 KiB' },
  { id: 'node', figure: '≈ 8 KiB' },
];

/** The table for a web-server report; `report.params.model` says which model ran. */
export function connectionCosts(report, words) {
  const t = (key, args) => words.t(`results.costs.${key}`, args);
  const ran = report.params?.model;
  const measured = report.metrics?.bytesPerConnection;
  const table = el('table', 'data connection-costs');
  table.append(el('caption', 'muted small', t('caption')));
  const head = table.createTHead().insertRow();
  for (const [key, cls] of [['headDesign', ''], ['headMemory', 'num'], ['headSource', '']]) {
    const th = el('th', cls, t(key));
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  const row = (design, figure, source, kind) => {
    const tr = body.insertRow();
    tr.dataset.kind = kind;
    const th = el('th', null, design);
    th.scope = 'row';
    tr.append(th);
    tr.insertCell().append(figure);
    tr.cells[1].className = 'num';
    tr.insertCell().append(rich(source));
  };
  for (const model of MODELS) {
    const design = t(`models.${model}`);
    if (model === ran && Number.isFinite(measured)) {
      row(design, words.bytes(measured), t('measured', { model }), 'measured');
    } else {
      row(design, '—', t('notRun', { model }), 'not-run');
    }
  }
  for (const p of PUBLISHED) {
    row(t(`published.${p.id}.design`), p.figure, t('publishedSource', { source: t(`published.${p.id}.source`) }), 'published');
  }
  // A box of its own, so that the table can lay out by its own width (a container query).
  const box = el('div', 'connection-costs-box');
  box.append(table);
  return box;
}
