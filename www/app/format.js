// Number formatting shared by the results views.
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function ms(value) {
  return value >= 100 ? `${INTEGER.format(value)} ms` : `${DECIMAL.format(value)} ms`;
}

export function number(value) {
  return Number.isInteger(value) ? INTEGER.format(value) : DECIMAL.format(value);
}

export function bytes(value) {
  if (value >= 1 << 20) return `${DECIMAL.format(value / (1 << 20))} MiB`;
  if (value >= 1 << 10) return `${DECIMAL.format(value / (1 << 10))} KiB`;
  return `${INTEGER.format(value)} B`;
}

/** Builds an element with a class and text, the one DOM helper the views share. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
