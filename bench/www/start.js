// Hands the benchmark functions to the driver (bench/browser.mjs), which calls them through
// page.evaluate. A file, not an inline script: the site's CSP allows no inline scripts.
import * as bench from './bench.js';

window.bench = bench;
document.body.dataset.ready = 'true';
