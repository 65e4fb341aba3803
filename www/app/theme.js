// Colours for the canvases (timeline, charts), taken from the page's CSS custom properties so
// that light and dark follow style.css, and a redraw when the colour scheme changes: canvas
// pixels do not restyle themselves the way CSS does.

export function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'), muted: v('--muted'), grid: v('--border'), lane: v('--lane'),
    series: [v('--accent'), v('--chart-2'), v('--chart-3')],
  };
}

// Elements drawn with the palette, and how to draw them again. Entries for elements no
// longer in the page are dropped on the next change, so old results do not pile up.
const redraws = new Map();

export function redrawOnThemeChange(element, redraw) {
  redraws.set(element, redraw);
}

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const [element, redraw] of redraws) {
    if (element.isConnected) redraw();
    else redraws.delete(element);
  }
});
