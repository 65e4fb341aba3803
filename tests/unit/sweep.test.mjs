// The numbers behind the speedup curve: medians, the sweep's order of runs, the Amdahl fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amdahlSpeedup, fitSerialFraction } from '../../www/app/amdahl.js';
import { chunkSizes, median, speedups, sweep } from '../../www/app/sweep.js';

test('median of odd and even counts, unsorted input left alone', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});

test('the fit recovers the serial fraction of exact Amdahl data', () => {
  for (const s of [0, 0.05, 0.3, 1]) {
    const points = [1, 2, 4, 8].map((n) => [n, amdahlSpeedup(n, s)]);
    assert.ok(Math.abs(fitSerialFraction(points) - s) < 1e-6, `s = ${s}`);
  }
});

test('the fit is a least-squares compromise for noisy data and stays within [0, 1]', () => {
  const s = fitSerialFraction([[1, 1], [2, 1.8], [4, 3.0], [8, 4.4]]);
  assert.ok(s > 0.05 && s < 0.15, `s = ${s}`);
  assert.ok(fitSerialFraction([[1, 1], [2, 2.3]]) < 1e-9, 'superlinear speedup clamps to 0');
  assert.ok(fitSerialFraction([[2, 0.5]]) > 1 - 1e-9, 'a slowdown clamps to 1');
  assert.equal(fitSerialFraction([[1, 1]]), null, 'one worker says nothing');
});

test('a sweep warms up once, then runs each value `repeats` times and keeps the median', async () => {
  const calls = [];
  const times = { 1: [30, 10, 20], 2: [6, 5, 40] };
  const run = async (id, params) => {
    calls.push(params.threads);
    const wallMs = calls.length === 1 ? 999 : times[params.threads].shift();
    return { example: id, wallMs };
  };
  const steps = [];
  const result = await sweep(run, 'pipeline', { items: 10, threads: 2 },
    { name: 'threads', values: [1, 2], warmUp: { threads: 2 }, onStep: (done, total) => steps.push(`${done}/${total}`) });
  assert.deepEqual(calls, [2, 1, 1, 1, 2, 2, 2]);
  assert.deepEqual(result.points.map((p) => p.medianMs), [20, 6]);
  assert.deepEqual(steps, ['0/7', '1/7', '2/7', '3/7', '4/7', '5/7', '6/7']);
  assert.deepEqual(speedups(result.points), [[1, 1], [2, 20 / 6]]);
});

test('a failed run ends the sweep with its error', async () => {
  const abort = Object.assign(new Error('the run was cancelled'), { name: 'AbortError' });
  const run = async (id, params) => { if (params.threads === 2) throw abort; return { wallMs: 1 }; };
  await assert.rejects(sweep(run, 'x', {}, { name: 'threads', values: [1, 2], warmUp: {} }), { name: 'AbortError' });
});

test('chunk sizes go up in powers of ten and end with one chunk of everything', () => {
  assert.deepEqual(chunkSizes(25000), [1, 10, 100, 1000, 10000, 25000]);
  assert.deepEqual(chunkSizes(1000), [1, 10, 100, 1000]);
  assert.deepEqual(chunkSizes(1), [1]);
});
