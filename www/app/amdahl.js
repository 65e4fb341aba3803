// Amdahl's law and the serial fraction a set of measured speedups implies. Pure math, no DOM.
//
// With a fraction s of the work serial, n workers give speedup(n) = 1 / (s + (1 - s) / n).
// We fit s to measured (n, speedup) points by least squares on the speedups themselves, so
// that every point counts in the units the chart shows.

/** Amdahl's speedup on `n` workers with serial fraction `s` (0..1). */
export function amdahlSpeedup(n, s) {
  return 1 / (s + (1 - s) / n);
}

function squaredError(points, s) {
  let sum = 0;
  for (const [n, measured] of points) sum += (measured - amdahlSpeedup(n, s)) ** 2;
  return sum;
}

/**
 * The serial fraction s in [0, 1] that best fits `points` ([workers, speedup] pairs), or null
 * when no point has more than one worker (one worker says nothing about s).
 *
 * One unknown on a bounded interval: a fine grid finds the basin (the error need not be
 * unimodal in general), then golden-section search polishes the minimum within it.
 * A measured speedup above n (cache effects, noise) pushes s to 0, the bound.
 */
export function fitSerialFraction(points) {
  const useful = points.filter(([n, speedup]) => n > 1 && Number.isFinite(speedup) && speedup > 0);
  if (useful.length === 0) return null;
  const STEPS = 1000;
  let best = 0;
  for (let i = 1; i <= STEPS; i++) {
    if (squaredError(useful, i / STEPS) < squaredError(useful, best / STEPS)) best = i;
  }
  let lo = Math.max(best - 1, 0) / STEPS;
  let hi = Math.min(best + 1, STEPS) / STEPS;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (squaredError(useful, a) <= squaredError(useful, b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}
