// The per-worker timeline: one lane per worker, one box per span. Each kind has its own colour
// AND its own pattern, so the picture reads without colour too (the legend names both). Words
// from the catalog's `results.timeline.*`, numbers formatted for the reader's language.
import { registerFigure } from './figures.js';
import { el } from './format.js';
import { palette, redrawOnThemeChange } from './theme.js';
import { describeSpan, describeTimeline, fixed, kindName, viewEdges } from './timeline-text.js';
import {
  clampView, fullView, laneIndex, panView, revealInView, spanAt, spanFrom, visibleRange, zoomView,
} from './timeline-view.js';

export { describeSpan, describeTimeline } from './timeline-text.js';

/** Each kind of span's look; its name is the catalog's `results.timeline.kinds.<kind>`. */
const KINDS = {
  'work': { color: '#d9622b', pattern: 'solid' },
  'lock-wait': { color: '#9aa0a6', pattern: 'hatch' },
  'lock-hold': { color: '#8e3b9e', pattern: 'solid' },
  'send': { color: '#1a73e8', pattern: 'dots' },
  'recv': { color: '#188038', pattern: 'lines' },
  'idle': { color: '#c8c8c4', pattern: 'hatch' },
  'wake': { color: '#e8a600', pattern: 'solid' },
};

const KIND_BITS = new Map(Object.keys(KINDS).map((kind, i) => [kind, 1 << i]));

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

const ZOOM_STEP = 1.6;
const PAN_SHARE = 0.25;
let figures = 0;

/**
 * Draws `report.timeline` into a new canvas that zooms and pans down to single spans; returns
 * the figure (tools, canvas, readout, legend). Only the spans in view are drawn, and of those
 * at most one per pixel per lane and kind, so 16,000 spans draw as fast as a few hundred.
 */
export function timelineFigure(report, words) {
  const figure = el('figure', 'timeline-figure');
  const lanes = report.workers.map((w) => w.id);
  const canvas = el('canvas', 'timeline');
  canvas.setAttribute('role', 'img');
  const spans = report.timeline.spans;
  const index = lanes.map((id) => laneIndex(spans, id));
  // What a test (or a curious reader) can check without reading pixels: lanes in drawing
  // order and the spans drawn in each.
  figure.dataset.lanes = String(lanes.length);
  figure.dataset.workers = lanes.join(',');
  figure.dataset.spansPerLane = index.map((l) => l.order.length).join(',');
  const end = Math.max(report.wallMs, ...spans.map((s) => s.endMs), 1);
  canvas.setAttribute('aria-label', describeTimeline(report, end, words));
  // A stop for the keyboard: a screen reader's user reaches the description above, and the
  // keys in the hint zoom, pan and step through spans.
  canvas.tabIndex = 0;
  const id = `timeline-${++figures}`;

  const tools = el('div', 'timeline-tools');
  const button = (text, act) => {
    const b = el('button', null, text);
    b.type = 'button';
    b.addEventListener('click', act);
    tools.append(b);
    return b;
  };
  const range = el('span', 'timeline-range muted small');
  const readout = el('p', 'timeline-readout small', '');
  readout.id = `${id}-readout`;
  const live = el('p', 'visually-hidden');
  live.setAttribute('aria-live', 'polite');
  const hint = el('p', 'timeline-keys muted small', words.t('results.timeline.keys'));
  hint.id = `${id}-keys`;
  canvas.setAttribute('aria-describedby', hint.id);

  let view = fullView(end);
  let selected = null; // { lane, k }: position k in index[lane].order
  let hovered = null;
  let frame = 0;
  let geometry = { plot: 1, width: 1 };

  const spanOf = (pick) => (pick ? spans[index[pick.lane].order[pick.k]] : null);
  const showReadout = () => {
    const span = spanOf(hovered) ?? spanOf(selected);
    readout.textContent = span ? describeSpan(span, words) : words.t('results.timeline.readoutEmpty');
  };
  const rangeText = () => words.t('results.timeline.range', { ...viewEdges(words, view.start, view.end), total: words.ms(end) });
  const update = () => {
    figure.dataset.view = `${view.start},${view.end}`;
    range.textContent = rangeText();
    const span = spanOf(selected);
    if (span) {
      const px = ((span.endMs - span.startMs) / (view.end - view.start)) * geometry.plot;
      figure.dataset.selectedWidthPx = px.toFixed(1);
    } else delete figure.dataset.selectedWidthPx;
    showReadout();
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  };
  const setView = (next) => { view = next; update(); };
  const anchor = () => {
    const span = spanOf(selected);
    if (span && span.endMs >= view.start && span.startMs <= view.end) return (span.startMs + span.endMs) / 2;
    return (view.start + view.end) / 2;
  };
  const zoom = (factor, t = anchor()) => setView(zoomView(view, factor, t, end));
  const pan = (share) => setView(panView(view, share * (view.end - view.start), end));
  const reset = () => setView(fullView(end));
  const select = (pick) => {
    selected = pick;
    const span = spanOf(pick);
    if (span) view = revealInView(view, span.startMs, span.endMs, end);
    update();
  };

  const tool = (key) => words.t(`results.timeline.tools.${key}`);
  button(tool('zoomOut'), () => zoom(1 / ZOOM_STEP)).dataset.tool = 'zoom-out';
  button(tool('zoomIn'), () => zoom(ZOOM_STEP)).dataset.tool = 'zoom-in';
  button(tool('earlier'), () => pan(-PAN_SHARE)).dataset.tool = 'earlier';
  button(tool('later'), () => pan(PAN_SHARE)).dataset.tool = 'later';
  button(tool('whole'), reset).dataset.tool = 'whole';
  tools.append(range);
  figure.append(tools, canvas, readout, live, hint);

  // The keyboard: each move also says what it did, once, through the live region.
  const say = (text) => { live.textContent = text; };
  canvas.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const laneNow = selected?.lane ?? 0;
    const stepIn = (lane, k) => {
      const n = index[lane].order.length;
      if (n === 0) return false;
      select({ lane, k: Math.min(Math.max(k, 0), n - 1) });
      return true;
    };
    let spoke = null;
    switch (event.key) {
      case '+': case '=': zoom(ZOOM_STEP); spoke = rangeText(); break;
      case '-': case '_': zoom(1 / ZOOM_STEP); spoke = rangeText(); break;
      case 'ArrowLeft': pan(-PAN_SHARE); spoke = rangeText(); break;
      case 'ArrowRight': pan(PAN_SHARE); spoke = rangeText(); break;
      case '0': case 'Home': reset(); spoke = rangeText(); break;
      case ']': case '[': {
        const lane = index[laneNow];
        const k = selected
          ? selected.k + (event.key === ']' ? 1 : -1)
          : spanFrom(spans, lane, view.start);
        if (stepIn(laneNow, k)) spoke = describeSpan(spanOf(selected), words);
        break;
      }
      case 'ArrowUp': case 'ArrowDown': {
        const lane = laneNow + (event.key === 'ArrowDown' ? 1 : -1);
        if (lane < 0 || lane >= lanes.length) {
          spoke = words.t(event.key === 'ArrowDown' ? 'results.timeline.noWorkerBelow' : 'results.timeline.noWorkerAbove');
          break;
        }
        const span = spanOf(selected);
        if (stepIn(lane, spanFrom(spans, index[lane], span ? span.startMs : view.start))) spoke = describeSpan(spanOf(selected), words);
        else spoke = words.t('results.timeline.laneEmpty', { id: lanes[lane] });
        break;
      }
      case 'Enter': {
        const span = spanOf(selected);
        if (!span) return;
        const width = Math.max(span.endMs - span.startMs, 0);
        setView(clampView({ start: span.startMs - width / 2, end: span.endMs + width / 2 }, end));
        spoke = `${describeSpan(span, words)}; ${rangeText()}`;
        break;
      }
      case 'Escape': if (!selected) return; selected = null; update(); spoke = words.t('results.timeline.noneSelected'); break;
      default: return;
    }
    event.preventDefault();
    if (spoke) say(spoke);
  });

  // The pointer: hover reads a span, a drag pans, two fingers pinch. Pointer capture keeps a
  // drag going outside the canvas without listeners on the window.
  const pointers = new Map();
  let drag = null;
  const timeAt = (clientX) => {
    const rect = canvas.getBoundingClientRect();
    const x = ((clientX - rect.left) / rect.width) * geometry.width;
    return view.start + ((x - GUTTER) / geometry.plot) * (view.end - view.start);
  };
  const hit = (event) => {
    const rect = canvas.getBoundingClientRect();
    const lane = Math.floor((event.clientY - rect.top) / LANE_HEIGHT);
    if (lane < 0 || lane >= lanes.length) return null;
    const slack = (4 / geometry.plot) * (view.end - view.start);
    const k = spanAt(spans, index[lane], timeAt(event.clientX), slack);
    return k < 0 ? null : { lane, k };
  };
  canvas.addEventListener('pointerdown', (event) => {
    pointers.set(event.pointerId, event.clientX);
    canvas.setPointerCapture(event.pointerId);
    drag = { view, x: event.clientX, moved: false, spread: null };
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      drag.spread = Math.abs(a - b) || 1;
      drag.centre = timeAt((a + b) / 2);
    }
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!pointers.has(event.pointerId)) {
      const pick = hit(event);
      if (pick?.lane !== hovered?.lane || pick?.k !== hovered?.k) { hovered = pick; update(); }
      return;
    }
    pointers.set(event.pointerId, event.clientX);
    const rect = canvas.getBoundingClientRect();
    const perPx = (drag.view.end - drag.view.start) / (geometry.plot * (rect.width / geometry.width));
    if (pointers.size >= 2 && drag.spread) {
      const [a, b] = [...pointers.values()];
      const factor = (Math.abs(a - b) || 1) / drag.spread;
      setView(zoomView(drag.view, factor, drag.centre, end));
    } else {
      if (Math.abs(event.clientX - drag.x) > 2) drag.moved = true;
      setView(panView(drag.view, (drag.x - event.clientX) * perPx, end));
    }
  });
  const release = (event) => {
    if (!pointers.delete(event.pointerId)) return;
    if (drag && !drag.moved && pointers.size === 0 && event.type === 'pointerup') {
      // A click picks the span under the pointer, as [ and ] would.
      const pick = hit(event);
      if (pick) select(pick);
    }
    drag = pointers.size > 0 ? { view, x: [...pointers.values()][0], moved: true, spread: null } : null;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => { if (hovered) { hovered = null; update(); } });
  // Ctrl + wheel (and a trackpad's pinch, which arrives as one) zooms at the pointer; a
  // sideways wheel pans; a plain wheel is left to scroll the page.
  canvas.addEventListener('wheel', (event) => {
    const lines = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
    if (event.ctrlKey || event.metaKey) {
      setView(zoomView(view, Math.exp(-event.deltaY * lines * 0.005), timeAt(event.clientX), end));
    } else if (event.deltaX !== 0 || event.shiftKey) {
      const delta = (event.deltaX || event.deltaY) * lines;
      setView(panView(view, (delta / geometry.plot) * (view.end - view.start), end));
    } else return;
    event.preventDefault();
  }, { passive: false });

  const draw = () => {
    const width = Math.max(figure.clientWidth, 200);
    const height = lanes.length * LANE_HEIGHT + AXIS;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = height * dpr;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    const colors = palette(figure);
    const plot = width - GUTTER - 8;
    geometry = { plot, width };
    const scale = plot / (view.end - view.start);
    const x = (t) => GUTTER + (t - view.start) * scale;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    lanes.forEach((worker, i) => {
      ctx.fillStyle = colors.lane;
      ctx.fillRect(GUTTER, i * LANE_HEIGHT + 3, plot, LANE_HEIGHT - 6);
      ctx.fillStyle = colors.text;
      ctx.fillText(words.t('results.workers.worker', { id: worker }), 4, i * LANE_HEIGHT + LANE_HEIGHT / 2);
    });
    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, 0, plot, lanes.length * LANE_HEIGHT);
    ctx.clip();
    const fills = {};
    let drawn = 0;
    index.forEach((lane, i) => {
      const [from, to] = visibleRange(spans, lane, view.start, view.end);
      // The pixel last drawn into, and the kinds already drawn there (a bit each).
      let lastPx = -1, kindsInPx = 0;
      for (let k = from; k < to; k++) {
        const span = spans[lane.order[k]];
        const x0 = x(span.startMs);
        const w = (span.endMs - span.startMs) * scale;
        if (w < 1) {
          // Spans under a pixel: one box per pixel and kind is all the eye can see.
          const px = Math.floor(x0);
          const bit = KIND_BITS.get(span.kind) ?? 1;
          if (px !== lastPx) { lastPx = px; kindsInPx = 0; }
          if (kindsInPx & bit) continue;
          kindsInPx |= bit;
        }
        fills[span.kind] ??= patternFor(ctx, span.kind);
        ctx.fillStyle = fills[span.kind];
        // A pixel's gap after a span wide enough to spare one, so that neighbours read as two.
        ctx.fillRect(x0, i * LANE_HEIGHT + 5, w > 4 ? w - 1 : Math.max(w, 1), LANE_HEIGHT - 10);
        drawn += 1;
      }
    });
    // How many boxes this drawing filled: a test's proof that only what is in view is drawn.
    figure.dataset.drawn = String(drawn);
    // The selected span (solid) and the one under the pointer (dashed), at least 3 px wide.
    for (const [pick, dash] of [[hovered, [3, 2]], [selected, []]]) {
      const span = spanOf(pick);
      if (!span) continue;
      ctx.setLineDash(dash);
      ctx.strokeStyle = colors.text;
      ctx.lineWidth = 2;
      const x0 = x(span.startMs);
      const w = Math.max((span.endMs - span.startMs) * scale, 3);
      ctx.strokeRect(x0 - 1, pick.lane * LANE_HEIGHT + 3, w + 2, LANE_HEIGHT - 6);
    }
    ctx.restore();
    const axisY = lanes.length * LANE_HEIGHT + 4;
    ctx.fillStyle = colors.muted;
    ctx.textBaseline = 'top';
    // About one tick per 80 px (at least four, so a phone's narrow view still has a scale); a
    // label that would run into the one before it is left out, its tick kept.
    const span = view.end - view.start;
    const step = niceStep(span, Math.max(4, Math.floor(plot / 80)));
    const decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step))));
    let lastRight = -Infinity;
    for (let t = Math.ceil(view.start / step) * step; t <= view.end + step * 1e-9; t += step) {
      const label = `${fixed(words, t, decimals)} ms`;
      ctx.fillRect(x(t), axisY - 3, 1, 4);
      const w = ctx.measureText(label).width;
      const left = Math.max(GUTTER - 4, Math.min(x(t) - w / 2, width - w - 2));
      if (left < lastRight + 8) continue;
      ctx.fillText(label, left, axisY + 4);
      lastRight = left + w;
    }
  };
  update();
  const resized = new ResizeObserver(() => update());
  resized.observe(figure);
  const forgetTheme = redrawOnThemeChange(figure, draw);
  registerFigure(figure, () => {
    cancelAnimationFrame(frame);
    frame = -1; // never scheduled again
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
    item.dataset.kind = kind;
    item.append(swatch, kindName(words, kind));
    legend.append(item);
  }
  if (report.timeline.sampled) {
    legend.append(el('span', null,
      words.t('results.timeline.sampleNote', { shown: spans.length, count: report.timeline.spansRecorded })));
  }
  figure.append(legend);
  return figure;
}
