// Every figure on show (uPlot chart, timeline canvas) and how to take it down. A figure holds
// things the page keeps alive on its own behalf (uPlot's window listeners, a ResizeObserver, a
// theme-redraw entry), so dropping its element from the DOM frees nothing: whoever replaces a
// figure's container calls disposeFigures first. The soak test counts what is left.

/** Figure element -> its dispose(). */
const live = new Map();

/** Records `element` as a figure; `dispose` undoes everything it set up, once. */
export function registerFigure(element, dispose) {
  live.set(element, dispose);
}

/** Disposes every registered figure that is `root` or inside it. */
export function disposeFigures(root) {
  for (const [element, dispose] of live) {
    if (root === element || root.contains(element)) {
      live.delete(element);
      dispose();
    }
  }
}

/** How many figures are registered and not yet disposed. */
export function liveFigureCount() {
  return live.size;
}
