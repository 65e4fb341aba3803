// Rust syntax highlighting, loaded only when code is first shown (app/source.js imports this
// module on demand): in the widget the code sits in a closed "the code" section, so a reader who
// never opens it never fetches highlight.js.
//
// highlight.js comes from npm (@highlightjs/cdn-assets, pinned in package-lock.json; build.sh
// copies these two files into vendor/): its single-file ES builds, because the npm `highlight.js`
// package's es/ modules re-export CommonJS. It emits class names only, never style attributes,
// so it keeps to the CSP's `style-src 'self'`; the colours are in code.css.
import hljs from '../vendor/highlight/core.min.js';
import rust from '../vendor/highlight/rust.min.js';

hljs.registerLanguage('rust', rust);

/** `code`'s text as highlighted markup: highlight.js escapes the text itself. */
export function highlightRust(text) {
  return hljs.highlight(text, { language: 'rust', ignoreIllegals: true }).value;
}
