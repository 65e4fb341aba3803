// The judgement of tools/wrong-way.mjs, without cargo: pure functions, unit-tested in
// tests/unit/wrong-way.test.mjs.

/** A case's [[bin]] name in wrong-way/Cargo.toml. */
export const binName = (c) => `${c.example}--${c.case}`;

/**
 * Reads `cargo check --message-format=json…` output: rustc's diagnostics per bin target (errors
 * and the closing notes; warnings left out), and the bins that compiled.
 */
export function diagnosticsByBin(stdout) {
  const messages = new Map();
  const compiled = new Set();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const record = JSON.parse(line);
    if (!record.target?.kind?.includes('bin')) continue;
    const name = record.target.name;
    if (record.reason === 'compiler-artifact') compiled.add(name);
    if (record.reason === 'compiler-message' && record.message.level !== 'warning') {
      if (!messages.has(name)) messages.set(name, []);
      messages.get(name).push(record.message);
    }
  }
  return { messages, compiled };
}

/**
 * What is wrong with one case's result, as sentences; none when its broken program failed as
 * declared: its first error has the declared `code` (or, where `code` is null, no code and the
 * declared `message`), and every other error's code is that one or one of `also`.
 */
export function caseProblems(c, diagnostics, compiled) {
  const name = `${c.example}/${c.case}`;
  const errors = diagnostics.filter((d) => d.level === 'error' && !/^aborting due to/.test(d.message));
  if (compiled || errors.length === 0) {
    return [`${name}: the broken program compiled; it must fail with ${c.code ?? `"${c.message}"`}`];
  }
  const problems = [];
  const [first, ...rest] = errors;
  const code = first.code?.code ?? null;
  if (code !== c.code) {
    problems.push(`${name}: declares ${c.code ?? 'no code'}, but rustc's first error is ${code ?? 'without a code'}: ${first.message}`);
  } else if (c.code === null && first.message !== c.message) {
    problems.push(`${name}: declares the error "${c.message}", but rustc said "${first.message}"`);
  }
  const allowed = new Set([c.code, ...(c.also ?? [])]);
  for (const error of rest) {
    const other = error.code?.code ?? null;
    if (!allowed.has(other)) problems.push(`${name}: an undeclared further error ${other ?? ''}: ${error.message}`);
  }
  return problems;
}
