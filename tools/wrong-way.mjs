// "Try it the wrong way": node tools/wrong-way.mjs OUT.json
//
// Compiles every broken program of wrong-way/cases.json with the project's toolchain, in one
// `cargo check --keep-going` (each broken program is a [[bin]] behind the `broken` feature), and
// fails loudly unless each one fails with the error it declares. Then writes OUT.json, which the
// page loads when a reader opens the section: the rustc version, and per case its metadata, both
// programs' text and rustc's diagnostics as rustc gave them (its JSON, with the rendered text in
// ANSI colours). Run by ./build.sh's build_site, so `build`, `dist`, `serve` and `test` all check.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binName, caseProblems, diagnosticsByBin } from './wrong-way-check.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node tools/wrong-way.mjs OUT.json');
  process.exit(2);
}

const { cases } = JSON.parse(readFileSync(join(ROOT, 'wrong-way/cases.json'), 'utf8'));
const started = performance.now();
const check = spawnSync('cargo', [
  'check', '--package', 'wrong-way', '--features', 'broken', '--bins', '--keep-going',
  '--message-format=json-diagnostic-rendered-ansi',
], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
if (check.error) throw check.error;
const { messages, compiled } = diagnosticsByBin(check.stdout);

const problems = cases.flatMap((c) => caseProblems(c, messages.get(binName(c)) ?? [], compiled.has(binName(c))));
if (problems.length > 0 || messages.size === 0) {
  // cargo's own account (a dependency that failed, a manifest error) helps as much as ours.
  console.error(check.stderr);
  console.error(`wrong-way: ${problems.length || 'no'} broken case(s) did not fail as declared:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  if (messages.size === 0) console.error('  - cargo check produced no diagnostics at all');
  process.exit(1);
}

const rustc = spawnSync('rustc', ['--version'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
// Paths into the registry and the toolchain say where this machine keeps them; `~` says enough.
const home = homedir();
const tidy = (text) => (home.length > 1 ? text.replaceAll(home + '/', '~/') : text);
const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const site = {
  rustc,
  command: 'cargo check --features broken --bin <case> --message-format=json-diagnostic-rendered-ansi',
  cases: cases.map((c) => {
    const dir = `wrong-way/cases/${c.example}/${c.case}`;
    return {
      ...c,
      id: `${c.example}/${c.case}`,
      brokenPath: `${dir}/broken.rs`,
      fixedPath: `${dir}/fixed.rs`,
      broken: read(`${dir}/broken.rs`),
      fixed: read(`${dir}/fixed.rs`),
      diagnostics: messages.get(binName(c)).map((d) => JSON.parse(tidy(JSON.stringify(d)))),
    };
  }),
};
writeFileSync(out, JSON.stringify(site));
const ms = Math.round(performance.now() - started);
console.error(`wrong-way: ${cases.length} broken programs refused as declared by ${rustc} (${ms} ms)`);
