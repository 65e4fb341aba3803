// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core
// (never a downloaded browser), against the site that build.sh serves at SITE_URL.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE_URL = process.env.SITE_URL ?? 'http://127.0.0.1:8080/';
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

// Flags that keep Chromium from reaching for the network, which is closed here.
export const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * A test's `skip` option for a test that needs the site `build.sh test` serves at env var
 * `name`: outside build.sh it is skipped and says why; in CI (CI=true) a missing site is a
 * failure, never a silent skip.
 */
export function needsSite(name) {
  if (process.env[name]) return { skip: false };
  if (process.env.CI) throw new Error(`${name} is not set: ./build.sh test serves that site; CI must not skip its tests`);
  return { skip: `needs ${name} (./build.sh test sets it)` };
}

export async function launch() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'playground-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
}

/**
 * A new page whose `problems` collect console errors, uncaught exceptions and CSP violations
 * (the site is served under a strict Content-Security-Policy: any violation is a failure).
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
  }));
  return { page, problems };
}

/**
 * Opens the playground page, ready, and collects its problems (see watchedPage). `cores`: the
 * page sees that many (navigator.hardwareConcurrency, set through the DevTools protocol), and so
 * starts that many workers; `timeout`: how long it may take to be ready.
 */
export async function openPage(context, hash = '', site = SITE_URL, { cores, timeout = 30_000 } = {}) {
  const { page, problems } = await watchedPage(context);
  if (cores) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
  }
  await page.goto(site + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout });
  return { page, problems };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Sets a parameter field in the page's form. */
export async function setParam(page, name, value) {
  await page.fill(`#param-${name}`, String(value));
}

/** Waits until every <concurrency-playground> on the page has started and is ready to run. */
export async function widgetsReady(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('concurrency-playground')]
    .every((w) => w.shadowRoot?.querySelector('.widget')?.dataset.state === 'ready'), null, { timeout: 60_000 });
}

/**
 * Presses Run and waits until the run is over (results or an error shown). `timeout` is a hang
 * guard; if it runs out, the run's progress is in the error, for whoever reads the log.
 */
export async function runFromUi(page, timeout = 60_000) {
  await page.click('#run');
  try {
    await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout });
  } catch (error) {
    const shown = await page.evaluate(() => ({
      progress: document.getElementById('progress-text')?.textContent, error: document.getElementById('error')?.textContent,
    })).catch(() => null);
    throw new Error(`the run did not end within ${timeout / 1000} s; the page showed ${JSON.stringify(shown)}`, { cause: error });
  }
}

/** Polls crossOriginIsolated through coi-serviceworker's reload (which destroys the context polled). */
export async function isolatedWithin(page, timeoutMs) {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    try {
      if (await page.evaluate(() => crossOriginIsolated)) return true;
    } catch {
      // The page navigated while we asked: ask the new one.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Presses Run in every widget on the page, one after the other, each to its report. */
export async function runEveryWidget(page) {
  const widgets = page.locator('concurrency-playground');
  for (let i = 0; i < await widgets.count(); i++) {
    await widgets.nth(i).locator('button.run').click();
    await page.waitForFunction((i) => {
      const root = document.querySelectorAll('concurrency-playground')[i].shadowRoot;
      return root.querySelector('.widget').dataset.state === 'ready' && root.querySelector('.headline');
    }, i, { timeout: 120_000 });
  }
}

/** What a widget shows of its last run: its error line, its timeline's lanes, its checks' classes. */
export async function widgetReport(widget) {
  return widget.evaluate((w) => {
    const root = w.shadowRoot;
    const lanes = root.querySelector('.timeline-figure')?.dataset.lanes;
    return {
      error: root.querySelector('.error').hidden ? null : root.querySelector('.error').textContent,
      lanes: lanes === undefined ? null : Number(lanes),
      checks: [...root.querySelectorAll('.checks li')].map((li) => li.className),
    };
  });
}

/**
 * Opens every <details> on the page and in its widgets' shadow roots, as a reader who opens
 * everything, and waits until each "Try it the wrong way" section opened has loaded its cases
 * (they load on opening): what is measured or audited next is what the reader then sees.
 */
export async function openAllDetails(page) {
  await page.evaluate(() => {
    const open = (root) => root.querySelectorAll('details').forEach((d) => { d.open = true; });
    open(document);
    document.querySelectorAll('concurrency-playground').forEach((w) => open(w.shadowRoot));
  });
  await page.waitForFunction(() => {
    const roots = [document, ...[...document.querySelectorAll('concurrency-playground')].map((w) => w.shadowRoot)];
    // Before its toggle event the body is empty; while loading it is aria-busy.
    return roots.flatMap((root) => [...root.querySelectorAll('details.wrong-way[open] .wrong-way-body')])
      .every((body) => !body.hasAttribute('aria-busy') && body.children.length > 0);
  }, null, { timeout: 30_000 });
}
