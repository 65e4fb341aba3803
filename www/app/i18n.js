// Words in the reader's language. Every word the page and the widget show comes from a message
// catalog, one JSON file per language in www/i18n/ (th.json, en.json). Rust and the JS API keep
// stable ids (an example's id, a metric's key, a check's id, an error's code); this module turns
// them into words and formats numbers with Intl for the language.
//
// Hand-written rather than i18next or FormatJS: what the catalogs need is a key lookup, `{name}`
// placeholders and a plural choice, which Intl already gives; a library would cost more of the
// first-load budget than the catalog itself.

/** The languages with a catalog, the course's first. */
export const LANGUAGES = ['th', 'en'];
const FALLBACK = 'en';

/** The first supported language among BCP 47 tags ("th-TH" → "th"), else English. */
export function pickLanguage(tags) {
  for (const tag of tags) {
    const primary = String(tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return FALLBACK;
}

/**
 * The language for an element: its own `lang`, else the nearest `lang` around it (through
 * shadow roots: a widget inside another component still reads the page's), else the reader's
 * browser languages, else English. A `lang` naming a language without a catalog counts as
 * asked for and falls back to English; the browser's list is only read when no `lang` is set.
 */
export function languageFor(element) {
  for (let node = element; node; node = node.parentElement ?? node.getRootNode?.().host) {
    const lang = node.getAttribute?.('lang');
    if (lang) return pickLanguage([lang]);
  }
  return pickLanguage(navigator.languages ?? [navigator.language]);
}

const catalogs = new Map();

/** The catalog for `lang`, fetched once per page; resolves to a {@link Words}. */
export function loadWords(lang) {
  const code = LANGUAGES.includes(lang) ? lang : FALLBACK;
  if (!catalogs.has(code)) {
    catalogs.set(code, fetch(new URL(`../i18n/${code}.json`, import.meta.url)).then(async (response) => {
      if (!response.ok) throw new Error(`i18n/${code}.json: HTTP ${response.status}`);
      return new Words(code, await response.json());
    }));
  }
  return catalogs.get(code);
}

/** One language's words and number formats. */
export class Words {
  constructor(lang, catalog) {
    this.lang = lang;
    this.catalog = catalog;
    this.plurals = new Intl.PluralRules(lang);
    this.integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    this.decimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  }

  /** The entry at a dotted key (a string, an array or an object), or undefined. */
  lookup(key) {
    let entry = this.catalog;
    for (const part of key.split('.')) {
      if (entry === null || typeof entry !== 'object' || !Object.hasOwn(entry, part)) return undefined;
      entry = entry[part];
    }
    return entry;
  }

  has(key) {
    return this.lookup(key) !== undefined;
  }

  /**
   * The message at `key` with its `{name}` placeholders filled from `args` (numbers formatted
   * for the language). An entry `{ "one": …, "other": … }` is a plural, chosen by `args.count`.
   * A missing key shows as itself, which the catalog tests make sure never happens.
   */
  t(key, args = {}) {
    let message = this.lookup(key);
    if (message !== null && typeof message === 'object' && !Array.isArray(message) && 'other' in message) {
      message = message[this.plurals.select(Number(args.count))] ?? message.other;
    }
    if (typeof message !== 'string') return key;
    return message.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.hasOwn(args, name) ? this.value(args[name]) : whole);
  }

  /** A placeholder's value: numbers in the language's format, anything else as text. */
  value(x) {
    return typeof x === 'number' ? this.number(x) : String(x);
  }

  number(x) {
    return Number.isInteger(x) ? this.integer.format(x) : this.decimal.format(x);
  }

  ms(x) {
    return `${x >= 100 ? this.integer.format(x) : this.decimal.format(x)} ms`;
  }

  bytes(x) {
    if (x >= 1 << 20) return `${this.decimal.format(x / (1 << 20))} MiB`;
    if (x >= 1 << 10) return `${this.decimal.format(x / (1 << 10))} KiB`;
    return `${this.integer.format(x)} B`;
  }

  /** A fraction (0.52) as a percentage in the language ("52%"), with `digits` after the point. */
  percent(fraction, digits = 0) {
    return new Intl.NumberFormat(this.lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })
      .format(fraction);
  }

  /** "a, b and c" in the language. */
  list(items) {
    return new Intl.ListFormat(this.lang, { type: 'conjunction' }).format(items.map(String));
  }
}

/**
 * A message with `code` spans written in backticks, as nodes: the catalogs keep Rust names
 * in backticks (`Mutex`, `lock()`), and the page shows them as code in either language.
 */
export function rich(text) {
  const fragment = document.createDocumentFragment();
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      fragment.append(code);
    } else if (part) {
      fragment.append(part);
    }
  });
  return fragment;
}
