#!/usr/bin/env bash
# One entry point for the project: ./build.sh setup|build|dist|serve|test|soak|bench
# Every subcommand first runs `setup`, which installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

WASM_TARGET=wasm32-unknown-unknown
# std must be rebuilt with atomics for shared memory (the rustflags are in .cargo/config.toml).
# Set through the environment so that wasm-pack's own cargo calls get it too; only wasm commands
# get it, so native builds keep the prebuilt std.
WASM_ENV=(env CARGO_UNSTABLE_BUILD_STD=panic_abort,std)
WASM_PACK_VERSION=0.15.1
SITE="$ROOT/dist"
# The shipped site plus the `fault` example; only the tests use it.
FAULT_SITE="$ROOT/target/site-with-faults"
# dist/ as a course site on a host without header control would hold it (see coi_site).
COI_SITE="$ROOT/target/site-coi"
COI_SITE_PATH=courses/rust/playground/
CHROMIUM=/usr/bin/chromium
# The widget's first load (wasm, JS, CSS), gzipped, must stay under this (tools/size-report.mjs).
SIZE_BUDGET_KB=300
# The site generators the README's course-site recipes are tested with (tests/recipes/).
MDBOOK_VERSION=0.5.4
DOCUSAURUS_VERSION=3.10.2
REACT_VERSION=19.3.1
TOOL_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/concurrency-playground"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

setup() {
  rustup component add rust-src >/dev/null 2>&1 || rustup component add rust-src
  rustup target add "$WASM_TARGET" >/dev/null 2>&1 || rustup target add "$WASM_TARGET"
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(locked_wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (about 8 minutes on 2 cores)"
    # Not --locked: the CLI's own lock file names a crate release this registry does not serve.
    cargo install wasm-bindgen-cli --version "=$want"
  fi
  if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
    log "installing wasm-pack $WASM_PACK_VERSION (about 6 minutes)"
    cargo install wasm-pack --version "=$WASM_PACK_VERSION"
  fi
  if [ ! -x "$CHROMIUM" ] || ! command -v chromedriver >/dev/null; then
    log "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # The Thai pages (course-th.html, the widget in Thai) name system fonts only (theme.css); a
  # fresh Debian has none with Thai glyphs, so its screenshots and tests would show boxes.
  # Debian's Noto fonts have Noto Sans Thai (12 MB download).
  if [ -z "$(fc-list :lang=th family 2>/dev/null)" ]; then
    log "installing Debian's fonts-noto-core (a font with Thai glyphs)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core fontconfig >/dev/null
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

# mdBook (cargo, into ~/.cargo/bin) and Docusaurus (npm, into a cache folder shared by every
# clone) for the recipe tests, installed on first use; exports MDBOOK and DOCUSAURUS_MODULES.
recipe_tools() {
  if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ]; then
    log "installing mdbook $MDBOOK_VERSION (about 3 minutes on 2 cores)"
    # Only what `mdbook build` needs: no `serve` or `watch` (their web server and file watcher).
    local features=(--no-default-features --features search)
    cargo install mdbook --locked --version "=$MDBOOK_VERSION" "${features[@]}" ||
      cargo install mdbook --version "=$MDBOOK_VERSION" "${features[@]}"
  fi
  MDBOOK=$(command -v mdbook)
  local dir="$TOOL_CACHE/docusaurus-$DOCUSAURUS_VERSION" want="$DOCUSAURUS_VERSION react $REACT_VERSION"
  if [ "$(cat "$dir/installed" 2>/dev/null)" != "$want" ]; then
    log "installing Docusaurus $DOCUSAURUS_VERSION into $dir (about a minute)"
    rm -rf "$dir"
    mkdir -p "$dir"
    printf '{ "private": true }\n' >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --save-exact "@docusaurus/core@$DOCUSAURUS_VERSION" \
      "@docusaurus/preset-classic@$DOCUSAURUS_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION")
    echo "$want" >"$dir/installed"
  fi
  DOCUSAURUS_MODULES="$dir/node_modules"
  export MDBOOK DOCUSAURUS_MODULES
}

# Builds both wasm packages (with the cargo features in $2, if any) and writes a whole site to $1:
# pkg/ is the threaded build; pkg-st/ the single-threaded fallback for pages without isolation,
# built without atomics (an empty RUSTFLAGS drops .cargo/config.toml's) in a target dir of its own.
build_site() {
  local out=$1 features=${2:-}
  "${WASM_ENV[@]}" cargo build --release --target "$WASM_TARGET" -p concurrency-playground \
    ${features:+--features "$features"}
  RUSTFLAGS='' cargo build --release --target "$WASM_TARGET" -p concurrency-playground \
    --no-default-features ${features:+--features "$features"} --target-dir target/single-thread
  rm -rf "$out"
  mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out/pkg" --out-name core \
    "target/$WASM_TARGET/release/concurrency_playground.wasm"
  wasm-bindgen --target web --out-dir "$out/pkg-st" --out-name core \
    "target/single-thread/$WASM_TARGET/release/concurrency_playground.wasm"
  optimize_wasm "$out/pkg/core_bg.wasm"
  optimize_wasm "$out/pkg-st/core_bg.wasm"
  cp -R www/. "$out/"
  # The charts' library, from npm (package-lock.json pins it); the page imports ../vendor/uPlot.esm.js.
  mkdir -p "$out/vendor"
  cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css "$out/vendor/"
  cp node_modules/wasm-feature-detect/dist/esm/index.js "$out/vendor/wasm-feature-detect.js"
  # The code view's highlighter (app/source.js): its core and the Rust grammar only, as
  # self-contained ES modules (neither imports anything).
  mkdir -p "$out/vendor/highlight"
  cp node_modules/@highlightjs/cdn-assets/es/core.min.js \
    node_modules/@highlightjs/cdn-assets/es/languages/rust.min.js "$out/vendor/highlight/"
  # The diff view of "Try it the wrong way" (app/wrong-way.js): the `diff` package's line diff,
  # three ES modules of its libesm/ build, in their folders (line.js imports ./base.js and
  # ../util/params.js).
  mkdir -p "$out/vendor/diff/diff" "$out/vendor/diff/util"
  cp node_modules/diff/libesm/diff/base.js node_modules/diff/libesm/diff/line.js "$out/vendor/diff/diff/"
  cp node_modules/diff/libesm/util/params.js "$out/vendor/diff/util/"
  # The broken programs must fail as declared (this stops the build when one does not), and
  # rustc's answers become wrong-way.json, which the page loads when a reader opens the section.
  log "checking the wrong-way cases: each broken program must fail with its declared error"
  node tools/wrong-way.mjs "$out/wrong-way.json"
  # For static hosts that cannot send COOP/COEP: one <script> line turns isolation on (README).
  cp node_modules/coi-serviceworker/coi-serviceworker.min.js "$out/"
}

# binaryen's wasm-opt (the npm package's JS build) shrinks a module by about a quarter (the
# threaded one, gzipped: 182 KB -> 160 KB) in about 20 s. The features come from the module's
# target_features section; threads and bulk memory are named so that a module without that
# section still keeps its shared memory and atomics.
optimize_wasm() {
  local wasm=$1
  node_modules/.bin/wasm-opt --enable-threads --enable-bulk-memory -O "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
}

build() {
  log "building the wasm core (release, threads)"
  build_site "$SITE"
  log "site written to dist/"
}

# dist/ as shipped: the build (page, embed script, sample course pages, both wasm builds,
# workers, styles, vendor scripts, coi-serviceworker) and the widget's first-load size, which
# must fit the budget.
dist() {
  build
  log "the widget's first load, gzipped (budget $SIZE_BUDGET_KB KB)"
  node tools/size-report.mjs "$SITE" "$SIZE_BUDGET_KB"
}

# Serves folder $2 on port $1 using the `serve` package, with the headers in config file $3
# (default serve.json: COOP/COEP for threads, and the CSP).
start_server() {
  local port=$1 dir=$2 config=${3:-$ROOT/serve.json}
  # exec: when started in the background, $! is then the server itself, so kill stops it.
  exec node_modules/.bin/serve --no-clipboard --no-request-logging --config "$config" \
    --listen "tcp://127.0.0.1:$port" "$dir"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

serve() {
  build
  local port=${PORT:-8080}
  log "serving on http://localhost:$port/ (Ctrl-C to stop)"
  start_server "$port" "$SITE"
}

# with_server DIR VAR command...: serves DIR on a free port, runs the command with VAR set to
# the site's URL, then stops the server. SERVE_CONFIG, if set, replaces serve.json.
with_server() {
  local dir=$1 var=$2 port pid status=0
  shift 2
  port=$(free_port)
  (start_server "$port" "$dir" "${SERVE_CONFIG:-}") &
  pid=$!
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    sleep 0.2
  done
  # A subshell, not env: the command may itself be a function of this script (a nested with_server).
  (export "$var=http://127.0.0.1:$port/"; "$@") || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return "$status"
}

# Like with_server, but with none of the headers threads need: how a plain static host serves.
with_plain_server() {
  SERVE_CONFIG="$ROOT/tests/e2e/serve-plain.json" with_server "$@"
}

# A copy of dist/ in a folder deep inside another (relative URLs must hold), with the sample
# course pages' (English and Thai) documented coi-serviceworker line uncommented, as README
# tells such hosts to do.
coi_site() {
  local out="$COI_SITE/$COI_SITE_PATH"
  rm -rf "$COI_SITE"
  mkdir -p "$out"
  cp -R "$SITE/." "$out/"
  local page
  for page in course.html course-th.html; do
    sed -i 's|<!-- \(<script src="coi-serviceworker.min.js"></script>\) -->|\1|' "$out/$page"
    # Fails loudly if the page's line changed and the sed above no longer applies.
    grep -q '^  <script src="coi-serviceworker.min.js"></script>$' "$out/$page"
  done
}

test_all() {
  log "page module tests (node: trace export, Amdahl fit, sweeps)"
  node --test tests/unit/
  log "native tests"
  # fault-injection: the sabotage that shows every example's checks go red (checks_go_red.rs).
  cargo test --workspace --features concurrency-playground/fault-injection
  log "wasm tests in headless Chromium"
  # wasm-pack finds Debian's chromedriver on PATH; crate/webdriver.json points it at Chromium.
  "${WASM_ENV[@]}" CHROMEDRIVER="$(command -v chromedriver)" wasm-pack test --headless --chrome --release crate
  log "building a test-only site with the deliberate-fault example"
  build_site "$FAULT_SITE" fault-injection
  dist
  coi_site
  RUNS=${RUNS:-1000} run_soak
  log "end-to-end tests (playwright-core + Debian chromium)"
  # dist/ three ways: with COOP/COEP and the CSP; from a plain static server (no headers); and
  # from a plain server with coi-serviceworker turned on.
  CHROMIUM="$CHROMIUM" COI_SITE_PATH="$COI_SITE_PATH" \
    with_server "$SITE" SITE_URL \
    with_server "$FAULT_SITE" FAULT_SITE_URL \
    with_plain_server "$SITE" PLAIN_SITE_URL \
    with_plain_server "$COI_SITE" COI_SITE_URL \
    node --test --test-concurrency=1 tests/e2e/
  recipe_tools
  log "course-site recipes: mdBook and Docusaurus, built for real from the README's recipe files"
  # Each test builds its site from the README's recipes and dist/, and serves it itself, with the
  # isolation headers and without them (the coi-serviceworker recipe).
  CHROMIUM="$CHROMIUM" node --test --test-concurrency=1 tests/recipes/
}

soak() {
  build
  run_soak
}

run_soak() {
  log "soak: ${RUNS:-1000} consecutive runs in one page"
  CHROMIUM="$CHROMIUM" with_server "$SITE" SITE_URL node tests/soak.mjs
}

# Measures what BENCHMARKS.md reports (bench/plan.json says what): native runs and micro
# benchmarks on OS threads, then headless Chromium against the served site, with the benchmark
# page (bench/www) served at /bench/. Raw output goes to target/bench/; bench/report.mjs turns it
# into BENCHMARKS.md and bench/results.json. BENCH_REPS=n changes the repetitions.
bench() {
  local out="$ROOT/target/bench"
  rm -rf "$out"
  mkdir -p "$out"
  date +%s >"$out/started"
  # What was measured: the commit, and whether sources differed from it (outputs aside).
  git rev-parse --short HEAD >"$out/commit"
  git status --porcelain -- . ':!BENCHMARKS.md' ':!bench/results.json' >"$out/uncommitted"
  # The site with the `bench` feature: the same wasm as dist/ plus `runBenchmark`, which the
  # students' build leaves out.
  log "building the site with the micro benchmarks (feature bench)"
  build_site "$SITE" bench
  cp -R bench/www "$SITE/bench"
  # Built first, so that compiling is not part of the run that bench/cpu.mjs watches.
  cargo bench -q -p concurrency-playground --features bench --no-run
  log "native: every example and the micro benchmarks (OS threads)"
  node bench/cpu.mjs "$out/cpu-native.json" \
    cargo bench -q -p concurrency-playground --features bench --bench native >"$out/native.json"
  log "native: divan micro benchmarks (a cross-check of the native micro figures)"
  cargo bench -q -p concurrency-playground --features bench --bench micro -- --color never | tee "$out/divan.txt"
  log "browser: headless Chromium against the served site"
  CHROMIUM="$CHROMIUM" with_server "$SITE" SITE_URL \
    node bench/cpu.mjs "$out/cpu-browser.json" node bench/browser.mjs "$out/browser.json"
  log "writing BENCHMARKS.md and bench/results.json"
  node bench/report.mjs "$out"
}

main() {
  local cmd=${1:-}
  case "$cmd" in
    setup) setup ;;
    build) setup; build ;;
    dist) setup; dist ;;
    serve) setup; serve ;;
    test) setup; test_all ;;
    soak) setup; soak ;;
    bench) setup; bench ;;
    *)
      echo "usage: ./build.sh setup|build|dist|serve|test|soak|bench" >&2
      exit 2
      ;;
  esac
}

main "$@"
