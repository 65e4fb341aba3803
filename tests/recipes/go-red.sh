#!/usr/bin/env bash
# Shows that the recipe tests go red: each case breaks one recipe in a copy of the README
# (RECIPES_README) and runs the test that must then fail. Not part of `./build.sh test`; run it by
# hand after `./build.sh dist`, with MDBOOK and DOCUSAURUS_MODULES as build.sh's recipe_tools
# sets them (DIST=… for another built site). Exits non-zero if any broken recipe still passes.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${MDBOOK:?set MDBOOK (build.sh recipe_tools)}" "${DOCUSAURUS_MODULES:?set DOCUSAURUS_MODULES (build.sh recipe_tools)}"
export MDBOOK DOCUSAURUS_MODULES
broken=$(mktemp)
stayed_green=0

# The first failed test's error, its first line (the one after `error: |-` when it has several).
first_error() {
  awk '/^not ok/ { failed = 1 } failed && /^ +error:/ { sub(/^ +error: */, ""); if ($0 != "|-") { print; exit } more = 1; next }
    more && NF { sub(/^ +/, ""); print; exit }' "$1"
}

# go_red NAME TEST SED: the README with SED applied must make tests/recipes/TEST fail.
go_red() {
  local name=$1 test=$2 edit=$3 start=$SECONDS
  sed "$edit" README.md >"$broken"
  if cmp -s README.md "$broken"; then
    echo "$name: the edit changed nothing in README.md (update this script)"
    stayed_green=1
    return
  fi
  if RECIPES_README="$broken" node --test --test-concurrency=1 "tests/recipes/$test" >"target/recipes/go-red-$name.log" 2>&1; then
    echo "$name: STILL GREEN ($((SECONDS - start)) s)"
    stayed_green=1
  else
    echo "$name: red as it should be ($((SECONDS - start)) s): $(first_error "target/recipes/go-red-$name.log")"
  fi
}

mkdir -p target/recipes
go_red docusaurus-without-import docusaurus.test.mjs "/^import Playground from '@site/d"
go_red docusaurus-coi-at-root docusaurus.test.mjs 's#scripts: \[`${baseUrl}coi-serviceworker.min.js`\]#scripts: ["/coi-serviceworker.min.js"]#'
go_red docusaurus-strict-csp docusaurus.test.mjs "/recipe: docusaurus\/static\/_headers/,/form-action 'none'\$/s/ 'unsafe-inline'//g"
go_red mdbook-strict-csp mdbook.test.mjs "/recipe: mdbook\/src\/_headers/,/form-action 'none'\$/s/ 'unsafe-inline'//g"
go_red mdbook-without-loader mdbook.test.mjs 's#additional-js = \["coi-serviceworker.min.js", "load-playground.js"\]#additional-js = ["coi-serviceworker.min.js"]#'
go_red mdbook-without-coi mdbook.test.mjs 's#additional-js = \["coi-serviceworker.min.js", "load-playground.js"\]#additional-js = ["load-playground.js"]#'
rm -f "$broken"
exit "$stayed_green"
