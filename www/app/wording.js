// What the Rust side names by id, in words: an example's texts, its parameters and choices,
// its checks, its metrics and series, and the errors a run can end with. The ids come from the
// report and the errors (`check.id`, `report.metrics` keys, `error.code`); the words come from
// the catalog of the reader's language (app/i18n.js). Views call these and never build a
// catalog key themselves, so the key shapes live in this one file.

/** `{ title, summary, lookFor, exercises }` of an example. */
export function exampleText(words, id) {
  const key = `examples.${id}`;
  return {
    title: words.t(`${key}.title`),
    summary: words.t(`${key}.summary`),
    lookFor: words.t(`${key}.lookFor`),
    exercises: words.lookup(`${key}.exercises`) ?? [],
  };
}

/** `{ label, description }` of a parameter (`threads` is every example's). */
export function paramText(words, exampleId, param) {
  const key = param === 'threads' ? 'params.threads' : `examples.${exampleId}.params.${param}`;
  return { label: words.t(`${key}.label`), description: words.t(`${key}.description`) };
}

/** The label of one option of a choice parameter. */
export function optionLabel(words, exampleId, param, option) {
  const key = `examples.${exampleId}.options.${param}.${option}`;
  return words.has(key) ? words.t(key) : option;
}

/** `{ name, detail }` of one of a report's checks (`{ id, ok, facts }`). */
export function checkText(words, exampleId, check) {
  const key = `examples.${exampleId}.checks.${check.id}`;
  return { name: words.t(`${key}.name`, check.facts), detail: words.t(`${key}.detail`, check.facts) };
}

/** Why a variant's red checks are the lesson (`report.brokenOnPurposeId`), or null. */
export function brokenOnPurposeText(words, exampleId, reason) {
  return reason ? words.t(`examples.${exampleId}.brokenOnPurpose.${reason}`) : null;
}

/** A metric's label in words ("p99 latency"), from its key in `report.metrics`. */
export function metricLabel(words, key) {
  return words.t(`metrics.${key}.label`);
}

/** A metric's value formatted by its unit (ms, bytes, a count, per second, a ratio). */
export function metricValue(words, key, value) {
  switch (words.lookup(`metrics.${key}.unit`)) {
    case 'ms': return words.ms(value);
    case 'bytes': return words.bytes(value);
    // A rate's fraction is noise beside its hundreds ("1,084,451/s"), as with ms (words.ms).
    case 'perSecond': return words.t('common.perSecond', { value: value >= 100 ? Math.round(value) : value });
    case 'ratio': return `${words.number(value)}×`;
    default: return words.number(value);
  }
}

/** `{ title, x, y }` of a chart of one of `report.series`. */
export function seriesText(words, name) {
  const key = `series.${name}`;
  return { title: words.t(`${key}.title`), x: words.t(`${key}.x`), y: words.t(`${key}.y`) };
}

/**
 * An error from the API in the reader's words: a ParamError from its `param` and `accepted`
 * (or its `code` for a rule between parameters), any other from its `code` and `args`. The
 * API's own `message` stays English; it is the fallback for an error with no code.
 */
export function errorText(words, error, exampleId) {
  if (error.code && words.has(`errors.${error.code}`)) {
    return words.t(`errors.${error.code}`, { ...error.args, param: paramShown(words, exampleId, error.param) });
  }
  if (error.name === 'ParamError' && error.param && error.accepted) {
    const param = paramShown(words, exampleId, error.param);
    if (error.accepted.options) {
      const options = words.list(error.accepted.options);
      return words.t('errors.param.options', { param, options });
    }
    return words.t('errors.param.range', { param, min: error.accepted.min, max: error.accepted.max });
  }
  return error.message;
}

/**
 * The error box's line: the error's name (an identifier: `ParamError`) and its words. An
 * AbortError with no words of its own (no code) says "cancelled" in the results' words.
 */
export function errorLine(words, error, exampleId) {
  const cancelled = error.name === 'AbortError' && !(error.code && words.has(`errors.${error.code}`));
  const message = cancelled ? words.t('results.cancelled') : errorText(words, error, exampleId);
  return words.t('common.errorLine', { name: error.name, message });
}

function paramShown(words, exampleId, param) {
  return param ? paramText(words, exampleId, param).label : '';
}
