// The per-worker timeline: one lane per worker, one box per span. Each kind has its own colour
// AND its own pattern, so the picture reads without colour too (the legend names both).
import { registerFigure } from './figures.js';
import { el, ms, number } from './format.js';
import { palette, redrawOnThemeChange } from './theme.js';

const KINDS = {
  'work': { label: 'working', color: '#d9622b', pattern: 'solid' },
  'lock-wait': { label: 'waiting for a lock', color: '#9aa0a6', pattern: 'hatch' },
  'lock-hold': { label: 'holding a lock', color: '#8e3b9e', pattern: 'solid' },
  'send': { label: 'sending', color: '#1a73e8', pattern: 'dots' },
  'recv': { label: 'receiving', color: '#188038', pattern: 'lines' },
  'idle': { label: 'sleeping', color: '#c8c8c4', pattern: 'hatch' },
  'wake': { label: 'aggregator wake-up', color: '#e8a600', pattern: 'solid' },
};

const LANE_HEIGHT = 26;
const GUTTER = 78;
const AXIS = 22;

function patternFor(ctx, kind) {
  const { color, pattern } = KINDS[kind] ?? KINDS.work;
  if (pattern === 'solid') return color;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const t = tile.getContext('2d');
  t.fillStyle = color;
  t.globalAlpha = 0.35;
  t.fillRect(0, 0, 8, 8);
  t.globalAlpha = 1;
  t.strokeStyle = t.fillStyle = color;
  t.lineWidth = 2;
  if (pattern === 'hatch') {
    t.beginPath(); t.moveTo(0, 8); t.lineTo(8, 0); t.stroke();
  } else if (pattern === 'lines') {
    t.fillRect(0, 3, 8, 2);
  } else {
    t.beginPath(); t.arc(4, 4, 1.8, 0, 2 * Math.PI); t.fill();
  }
  return ctx.createPattern(tile, 'repeat');
}

/** A round tick step giving about `count` ticks over `range`. */
function niceStep(range, count) {
  const raw = range / count;
  const pow = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? pow * 10;
}

/**
 * The timeline in words, for screen readers: each worker's busy time and tasks, then each kind
 * of span with its count and longest one (of the spans drawn, when they are a sample).
 */
export function describeTimeline(report, end) {
  const workers = report.workers.map((w) => `worker ${w.id} busy ${ms(w.busyMs)} in ${number(w.tasks)} tasks`);
  const kinds = new Map();
  for (const span of report.timeline.spans) {
    const kind = kinds.get(span.kind) ?? { count: 0, longest: 0 };
    kind.count += 1;
    kind.longest = Math.max(kind.longest, span.endMs - span.startMs);
    kinds.set(span.kind, kind);
  }
  const spans = [...kinds].map(([kind, { count, longest }]) =>
    `${number(count)} ${KINDS[kind]?.label ?? kind} spans, longest ${ms(longest)}`);
  const sample = report.timeline.sampled ? ` (an even sample of ${number(report.timeline.spansRecorded)})` : '';
  return `Timeline of ${report.workers.length} workers over ${ms(end)}: ${workers.join('; ')}. ` +
    `Spans drawn${sample}: ${spans.join('; ') || 'none'}.`;
}

/** Draws `report.timeline` into a new canvas; returns the figure (canvas + legend). */
export function timelineFigure(report) {
  const figure = el('figure', 'timeline-figure');
  const lanes = report.workers.map((w) => w.id);
  const canvas = el('canvas', 'timeline');
  canvas.setAttribute('role', 'img');
  const spans = report.timeline.spans;
  // What a test (or a curious reader) can check without reading pixels: lanes in drawing
  // order and the spans drawn in each.
  const perLane = lanes.map((id) => spans.filter((s) => s.worker === id).length);
  figure.dataset.lanes = String(lanes.length);
  figure.dataset.workers = lanes.join(',');
  figure.dataset.spansPerLane = perLane.join(',');
  const end = Math.max(report.wallMs, ...spans.map((s) => s.endMs), 1);
  canvas.setAttribute('aria-label', describeTimeline(report, end));
  // A stop for the keyboard, so a screen reader's user reaches the description above.
  canvas.tabIndex = 0;
  figure.append(canvas);

  const draw = () => {
    const width = Math.max(figure.clientWidth, 300);
    const height = lanes.length * LANE_HEIGHT + AXIS;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = height * dpr;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    const colors = palette(figure);
    const plot = width - GUTTER - 8;
    const x = (t) => GUTTER + (t / end) * plot;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    lanes.forEach((id, i) => {
      ctx.fillStyle = colors.lane;
      ctx.fillRect(GUTTER, i * LANE_HEIGHT + 3, plot, LANE_HEIGHT - 6);
      ctx.fillStyle = colors.text;
      ctx.fillText(`worker ${id}`, 4, i * LANE_HEIGHT + LANE_HEIGHT / 2);
    });
    const fills = {};
    for (const span of spans) {
      const lane = lanes.indexOf(span.worker);
      if (lane < 0) continue;
      fills[span.kind] ??= patternFor(ctx, span.kind);
      ctx.fillStyle = fills[span.kind];
      const w = Math.max(x(span.endMs) - x(span.startMs), 1);
      ctx.fillRect(x(span.startMs), lane * LANE_HEIGHT + 5, w, LANE_HEIGHT - 10);
    }
    const axisY = lanes.length * LANE_HEIGHT + 4;
    ctx.fillStyle = colors.muted;
    ctx.textBaseline = 'top';
    // About one tick per 80 px, so labels like "1,250 ms" never run into each other on a phone.
    const step = niceStep(end, Math.max(2, Math.floor(plot / 80)));
    for (let t = 0; t <= end + 1e-9; t += step) {
      ctx.fillRect(x(t), axisY - 3, 1, 4);
      ctx.fillText(`${+t.toFixed(3)} ms`, Math.min(x(t) - 10, width - 50), axisY + 2);
    }
  };
  let frame = requestAnimationFrame(draw);
  const resized = new ResizeObserver(() => { frame = requestAnimationFrame(draw); });
  resized.observe(figure);
  const forgetTheme = redrawOnThemeChange(figure, draw);
  registerFigure(figure, () => {
    cancelAnimationFrame(frame);
    resized.disconnect();
    forgetTheme();
  });

  const kinds = [...new Set(spans.map((s) => s.kind))];
  const legend = el('figcaption', 'legend');
  for (const kind of kinds) {
    const item = el('span');
    const swatch = el('canvas');
    swatch.width = 16;
    swatch.height = 10;
    const sctx = swatch.getContext('2d');
    sctx.fillStyle = patternFor(sctx, kind);
    sctx.fillRect(0, 0, 16, 10);
    item.append(swatch, KINDS[kind]?.label ?? kind);
    legend.append(item);
  }
  if (report.timeline.sampled) {
    legend.append(el('span', null,
      `An even sample of ${spans.length} of the ${report.timeline.spansRecorded} spans is drawn.`));
  }
  figure.append(legend);
  return figure;
}
