// The browser half of `./build.sh bench`: Debian's Chromium (headless, driven by
// playwright-core) against the site build.sh serves at SITE_URL, with the benchmark page
// (bench/www) served beside it at /bench/. Writes raw figures as JSON to the file named by its
// argument (stdout is shared with the server's log), progress to stderr. Each phase gets its
// own browser context, and only one wasm pool is alive at a time, so phases never compete for
// the cores.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { gzipSync } from 'node:zlib';
import { ARGS } from '../tests/e2e/browser.mjs';

const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
// The file itself: serve.json maps only / to its index.html (clean URLs would drop a page's query).
const BENCH_URL = new URL('bench/index.html', SITE_URL).href;
const plan = JSON.parse(readFileSync(new URL('./plan.json', import.meta.url), 'utf8'));
const reps = Number(process.env.BENCH_REPS ?? plan.reps);
const warmups = plan.warmups;
// The same thread count as the native half: one per core.
const threads = availableParallelism();
const log = (...parts) => console.error(...parts);

/** Opens the benchmark page in a fresh context, with its console forwarded to stderr. */
async function benchPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => log(`  ${m.text()}`));
  page.on('pageerror', (e) => log(`  pageerror: ${e.message}`));
  await page.goto(BENCH_URL);
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page };
}

/**
 * Everything the playground page fetches on a first visit (cold cache), up to the moment it
 * is ready to run: the page, its CSS and JS, the runtime worker, the pool workers' helper and
 * the wasm. Each distinct URL counts once (workers import core.js again, from the cache),
 * gzipped at level 9 here, so the figure does not depend on how a server compresses.
 */
async function payload(browser) {
  const context = await browser.newContext();
  const seen = new Map(); // url -> promise of its sizes
  context.on('response', (response) => {
    // blob: URLs are workers made from files already counted, not downloads.
    if (!response.url().startsWith('http') || seen.has(response.url()) || response.status() !== 200) return;
    seen.set(response.url(), response.body().then((body) => ({
      path: new URL(response.url()).pathname, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length,
    })));
  });
  const page = await context.newPage();
  await page.goto(SITE_URL);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const files = await Promise.all(seen.values());
  await context.close();
  const total = (key) => files.reduce((sum, f) => sum + f[key], 0);
  log(`payload: ${files.length} files, ${total('bytes')} bytes, ${total('gzip')} gzipped`);
  return { files, bytes: total('bytes'), gzip: total('gzip') };
}

/**
 * A student's first visit: a fresh context (cold cache) loads the page, which presses Run the
 * moment the page says it is ready, with the first example's defaults. Measured from navigation
 * start (performance.now() = 0) to the frame that shows the report.
 */
async function firstRun(browser) {
  const samples = [];
  for (let i = 0; i < reps; i++) {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const watch = new MutationObserver(() => {
        if (document.body?.dataset.ready === 'true' && window.__readyMs === undefined) {
          window.__readyMs = performance.now();
          document.getElementById('run').click();
        }
        if (document.getElementById('wall-ms') && window.__reportMs === undefined) {
          window.__reportMs = null;
          requestAnimationFrame(() => { window.__reportMs = performance.now(); });
        }
      });
      watch.observe(document, { subtree: true, childList: true, attributes: true });
    });
    const page = await context.newPage();
    await page.goto(SITE_URL);
    await page.waitForFunction(() => typeof window.__reportMs === 'number', null, { timeout: 60_000 });
    const sample = await page.evaluate(() => {
      // The run's own figures, as the page printed them ("1,234 ms"): where the time went.
      const msIn = (text) => (text ? Number(text.replace(/,/g, '').match(/([\d.]+) ms/)?.[1]) : null);
      const results = document.getElementById('results').textContent;
      return {
        ms: window.__reportMs,
        readyMs: window.__readyMs,
        example: document.getElementById('example-title').textContent,
        runMs: msIn(document.getElementById('wall-ms').textContent),
        verifyMs: msIn(results.match(/Checking the results took another ([\d,.]+ ms)/)?.[1]),
      };
    });
    log(`first run: ${sample.ms.toFixed(0)} ms (page ready at ${sample.readyMs.toFixed(0)} ms, run ${sample.runMs} ms, its check ${sample.verifyMs} ms)`);
    samples.push(sample);
    await context.close();
  }
  return samples;
}

/** The round trip the "far server" phase gives every request (Chromium's network emulation). */
const FAR_MS = 100;

/**
 * A first visit from far away: cold cache, every request held FAR_MS (about what a reader in
 * Bangkok waits for a host in East Asia; Europe or America is farther), so what counts is how
 * many round trips follow one another before the page (or every widget on course.html) is
 * ready to run. The local server speaks HTTP/1.1, six requests at a time, as some course hosts
 * do. Page clock, from navigation start.
 */
async function farReady(browser) {
  const samples = [];
  for (let i = 0; i < reps; i++) {
    const sample = {};
    for (const [key, path] of [['pageMs', ''], ['widgetsMs', 'course.html']]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: FAR_MS, downloadThroughput: -1, uploadThroughput: -1 });
      await page.addInitScript(() => {
        const poll = setInterval(() => {
          const widgets = [...document.querySelectorAll('concurrency-playground')];
          const ready = widgets.length > 0
            ? widgets.every((w) => w.shadowRoot?.querySelector('.widget')?.dataset.state === 'ready')
            : document.body?.dataset.ready === 'true';
          if (ready) {
            window.__readyMs = performance.now();
            clearInterval(poll);
          }
        }, 2);
      });
      await page.goto(new URL(path, SITE_URL).href);
      await page.waitForFunction(() => window.__readyMs !== undefined, null, { timeout: 60_000 });
      sample[key] = await page.evaluate(() => window.__readyMs);
      await context.close();
    }
    log(`ready over ${FAR_MS} ms round trips: page ${sample.pageMs.toFixed(0)} ms, course.html's widgets ${sample.widgetsMs.toFixed(0)} ms`);
    samples.push(sample);
  }
  return samples;
}

/** createPlayground() to resolved, each on a freshly loaded page whose files are in the cache. */
async function poolStart(browser) {
  const { context, page } = await benchPage(browser);
  for (let i = 0; i < warmups; i++) await page.evaluate((n) => window.bench.poolStart(n), threads);
  const samples = [];
  for (let i = 0; i < reps; i++) {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const sample = await page.evaluate((n) => window.bench.poolStart(n), threads);
    const { workerMs, initMs, poolMs } = sample.parts;
    log(`pool start: ${sample.ms.toFixed(1)} ms for ${sample.threads} workers ` +
      `(again, in parts: worker ${workerMs.toFixed(1)} + init ${initMs.toFixed(1)} + pool ${poolMs.toFixed(1)} ms)`);
    samples.push(sample);
  }
  await context.close();
  return samples;
}

/** Runs one phase on a fresh benchmark page. */
async function onBenchPage(browser, phase) {
  const { context, page } = await benchPage(browser);
  try {
    return await phase(page);
  } finally {
    await context.close();
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS,
  });
  const out = { browser: `Chromium ${browser.version()}`, threads, reps, warmups };
  try {
    out.page = await onBenchPage(browser, (page) => page.evaluate(() => ({
      isolated: crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent,
    })));
    out.payload = await payload(browser);
    out.firstRun = await firstRun(browser);
    out.farReady = await farReady(browser);
    out.farMs = FAR_MS;
    out.poolStart = await poolStart(browser);
    const { runs } = await onBenchPage(browser, (page) =>
      page.evaluate(([p, n, r]) => window.bench.exampleRuns(p, n, r), [plan, threads, reps]));
    out.runs = runs;
    out.micro = await onBenchPage(browser, (page) =>
      page.evaluate(([p, n, r]) => window.bench.wasmMicro(p, n, r), [plan, threads, reps]));
    const jsReps = { warmups, reps: Math.min(plan.js.reps, reps) };
    out.postMessage = await onBenchPage(browser, (page) =>
      page.evaluate(([count, r]) => window.bench.postMessageHandoff(count, r), [plan.js.postMessages, jsReps]));
    // The same items and rounds the pipeline ran with its defaults.
    const { items, work: rounds } = out.runs.pipeline.params;
    out.jsPipeline = {};
    for (const workers of [1, threads]) {
      out.jsPipeline[workers] = await onBenchPage(browser, (page) =>
        page.evaluate(([job, r]) => window.bench.jsPipeline(job, r), [{ items, rounds, workers }, jsReps]));
    }
  } finally {
    await browser.close();
  }
  writeFileSync(process.argv[2] ?? 'browser.json', `${JSON.stringify(out, null, 2)}\n`);
}

await main();
