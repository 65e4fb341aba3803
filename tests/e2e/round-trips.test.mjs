// A first visit from far away waits mostly for requests that cannot start until an earlier one
// has answered. These tests hold one response back until another request has been made: if the
// page only made that request after the held response, it never becomes ready and the test
// fails (a deadlock, not a timing). Each pair is one link of the chain README's "How it works"
// describes ("Few round trips before the first run").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITE_URL, launch, watchedPage, widgetsReady } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/**
 * Holds every response whose URL matches `held` until a request matching `awaited` has been
 * made, by the page or by any of its workers. Returns what happened, for the assertions, and
 * `stop()`, which ends the hold and the watch.
 */
async function holdUntil(held, awaited) {
  const seen = { held: 0, awaited: false };
  let release;
  const made = new Promise((resolve) => { release = resolve; });
  const watch = (request) => {
    if (awaited.test(request.url())) {
      seen.awaited = true;
      release();
    }
  };
  context.on('request', watch);
  await context.route(held, async (route) => {
    seen.held += 1;
    await made;
    await route.continue();
  });
  const stop = async () => {
    context.off('request', watch);
    await context.unroute(held);
  };
  return { seen, stop };
}

async function openHeld(path, held, awaited, ready) {
  const { page, problems } = await watchedPage(context);
  const { seen, stop } = await holdUntil(held, awaited);
  try {
    await page.goto(new URL(path, SITE_URL).href);
    await ready(page);
  } finally {
    await stop();
  }
  assert.ok(seen.held > 0, `${held} was requested and held`);
  assert.ok(seen.awaited, `${awaited} was requested while ${held} was held`);
  assert.deepEqual(problems, []);
  await page.close();
}

const pageReady = (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

test('the page asks for a module deep in its graph before main.js has arrived (index.html preloads it)', async () => {
  await openHeld('', '**/app/main.js', /\/app\/timeline-text\.js$/, pageReady);
});

test('the page starts its runtime worker before its catalog has arrived', async () => {
  await openHeld('', '**/i18n/en.json', /\/runtime\/worker\.js$/, pageReady);
});

test('the runtime worker asks for the wasm before its glue module has arrived', async () => {
  await openHeld('', '**/pkg/core.js', /\/pkg\/core_bg\.wasm$/, pageReady);
});

test('a course page asks for a module deep in the widget\'s graph before the modules embed.js imports have arrived', async () => {
  await openHeld('course.html', '**/app/results.js', /\/app\/timeline-text\.js$/, widgetsReady);
});

test('a course page starts the widgets\' runtime before their catalog and styles have arrived', async () => {
  await openHeld('course.html', /\/(i18n\/en\.json|views\.css)$/, /\/runtime\/worker\.js$/, widgetsReady);
});
