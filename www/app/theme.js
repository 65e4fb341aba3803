// Colours for the canvases (timeline, charts), taken from the CSS custom properties of
// theme.css, and a redraw when the colour scheme changes: canvas pixels do not restyle
// themselves the way CSS does.

const TOKENS = { text: '--text', muted: '--muted', grid: '--border', lane: '--lane' };
const SERIES = ['--accent', '--chart-2', '--chart-3'];

/**
 * The palette that applies at `element` (a page element, or one inside an embedded widget's
 * shadow root, where the properties are set on :host and a host page may override them).
 * Colours are resolved by the browser into rgb() strings a canvas accepts: the tokens are
 * light-dark() pairs, and a host page may give var() or any CSS colour.
 */
export function palette(element) {
  const probe = document.createElement('span');
  probe.hidden = true;
  element.append(probe);
  const resolve = (value) => {
    probe.style.color = value;
    return getComputedStyle(probe).color;
  };
  const colors = {};
  for (const [key, name] of Object.entries(TOKENS)) colors[key] = resolve(`var(${name})`);
  colors.series = SERIES.map((name) => resolve(`var(${name})`));
  // Bars are drawn translucent, so that gridlines show through them.
  colors.seriesFill = SERIES.map((name) => resolve(`color-mix(in srgb, var(${name}) 53%, transparent)`));
  probe.remove();
  return colors;
}

// Elements drawn with the palette, and how to draw them again. An entry lives as long as its
// figure: the figure's dispose() (figures.js) removes it with the function returned here.
const redraws = new Map();

/** Registers `redraw` for `element`; returns the function that unregisters it. */
export function redrawOnThemeChange(element, redraw) {
  redraws.set(element, redraw);
  return () => redraws.delete(element);
}

/** Draws every registered element again; also for a widget whose `theme` attribute changed. */
export function redrawThemed() {
  // A figure off the page (built, not yet shown) is drawn with the right colours when it is laid out.
  for (const [element, redraw] of redraws) if (element.isConnected) redraw();
}

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redrawThemed);
