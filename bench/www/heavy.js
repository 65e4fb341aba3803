// The pipeline example's heavy_item (crate/src/examples/pipeline/par_chunks.rs: `rounds` of splitmix64's
// finalizer) written the way plain JS has to: JS numbers hold no 64-bit integers, so every
// value is two unsigned 32-bit halves and each 64-bit multiply is built from 16-bit pieces.
// BigInt would be exact too but allocates on every operation (far slower); a 32-bit variant
// would be a different workload. The results are bit-for-bit those of the Rust code: the
// benchmark checks its checksum against the pipeline report's.
const TWO32 = 4294967296;
const ADD_HI = 0x9e3779b9, ADD_LO = 0x7f4a7c15;
const M1_HI = 0xbf58476d, M1_LO = 0x1ce4e5b9;
const M2_HI = 0x94d049bb, M2_LO = 0x133111eb;
const M1_B0 = M1_LO & 0xffff, M1_B1 = M1_LO >>> 16;
const M2_B0 = M2_LO & 0xffff, M2_B1 = M2_LO >>> 16;

/** Adds heavy_item(x, rounds) to the 64-bit sum in `acc` ([hi, lo]), wrapping like Rust. */
function addHeavyItem(x, rounds, acc) {
  let hi = Math.floor(x / TWO32) >>> 0, lo = x >>> 0;
  for (let r = 0; r < rounds; r++) {
    // h = h + 0x9e3779b97f4a7c15
    const added = (lo + ADD_LO) >>> 0;
    hi = (hi + ADD_HI + (added < lo ? 1 : 0)) >>> 0;
    lo = added;
    // h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9
    lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
    hi = (hi ^ (hi >>> 30)) >>> 0;
    {
      // (hi:lo) * M1 mod 2^64. lo·M1_LO is built from 16-bit pieces with carries, every
      // step below 2^32 so the shifts stay exact; the cross products only reach the high
      // word, where Math.imul's low 32 bits are all that count. Written out: a helper would
      // have to return two numbers.
      const a0 = lo & 0xffff, a1 = lo >>> 16;
      const c0 = a0 * M1_B0;
      let c1 = (c0 >>> 16) + a1 * M1_B0;
      let c2 = c1 >>> 16;
      c1 = (c1 & 0xffff) + a0 * M1_B1;
      c2 += (c1 >>> 16) + a1 * M1_B1;
      const newLo = ((c1 << 16) | (c0 & 0xffff)) >>> 0;
      hi = (c2 + Math.imul(hi, M1_LO) + Math.imul(lo, M1_HI)) >>> 0;
      lo = newLo;
    }
    // h = (h ^ (h >> 27)) * 0x94d049bb133111eb
    lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
    hi = (hi ^ (hi >>> 27)) >>> 0;
    {
      // (hi:lo) * M2 mod 2^64. lo·M2_LO is built from 16-bit pieces with carries, every
      // step below 2^32 so the shifts stay exact; the cross products only reach the high
      // word, where Math.imul's low 32 bits are all that count. Written out: a helper would
      // have to return two numbers.
      const a0 = lo & 0xffff, a1 = lo >>> 16;
      const c0 = a0 * M2_B0;
      let c1 = (c0 >>> 16) + a1 * M2_B0;
      let c2 = c1 >>> 16;
      c1 = (c1 & 0xffff) + a0 * M2_B1;
      c2 += (c1 >>> 16) + a1 * M2_B1;
      const newLo = ((c1 << 16) | (c0 & 0xffff)) >>> 0;
      hi = (c2 + Math.imul(hi, M2_LO) + Math.imul(lo, M2_HI)) >>> 0;
      lo = newLo;
    }
    // h ^= h >> 31
    lo = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
    hi = (hi ^ (hi >>> 31)) >>> 0;
  }
  const sumLo = (acc[1] + lo) >>> 0;
  acc[0] = (acc[0] + hi + (sumLo < acc[1] ? 1 : 0)) >>> 0;
  acc[1] = sumLo;
}

/**
 * Wrapping 64-bit sum of heavy_item(x, rounds) for x in [start, end), as { hi, lo }.
 * The pipeline's dataset is 0..items, so a range is the data (nothing else to send).
 */
export function heavySum(start, end, rounds) {
  // The per-item work is its own function, called a million times, so V8 optimises it as a
  // whole early on; one long loop left it to on-stack replacement, which stayed ~3x slower in
  // Chromium. The sum lives in a typed array: its halves stay unboxed 32-bit integers.
  const acc = new Uint32Array(2);
  for (let x = start; x < end; x++) addHeavyItem(x, rounds, acc);
  return { hi: acc[0], lo: acc[1] };
}

/** Adds partial sums the way the Rust code's wrapping_add does. */
export function addSums(a, b) {
  const lo = (a.lo + b.lo) >>> 0;
  return { hi: (a.hi + b.hi + (lo < a.lo ? 1 : 0)) >>> 0, lo };
}

/** The pipeline report's `checksum` metric: the 64-bit sum shifted right by 11 (fits a double). */
export function checksum({ hi, lo }) {
  return hi * 2 ** 21 + (lo >>> 11);
}
