#!/usr/bin/env bash
# One entry point for the project: ./build.sh setup|build|serve|test|bench|dist
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
CHROMIUM=/usr/bin/chromium

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
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

build() {
  log "building the wasm core (release, threads)"
  "${WASM_ENV[@]}" cargo build --release --target "$WASM_TARGET" -p concurrency-playground
  rm -rf "$SITE"
  mkdir -p "$SITE/vendor"
  wasm-bindgen --target web --out-dir "$SITE/pkg" --out-name core \
    "target/$WASM_TARGET/release/concurrency_playground.wasm"
  cp -R www/. "$SITE/"
  log "site written to dist/"
}

# Serves dist/ with COOP/COEP from serve.json, using the `serve` package (not a hand-written server).
start_server() {
  local port=$1
  # exec: the (sub)shell becomes the server itself, so with_server's `kill $!` really stops it.
  exec node_modules/.bin/serve --no-clipboard --no-request-logging --config "$ROOT/serve.json" \
    --listen "tcp://127.0.0.1:$port" "$SITE"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

serve() {
  build
  local port=${PORT:-8080}
  log "serving on http://localhost:$port/ (Ctrl-C to stop)"
  start_server "$port"
}

# Runs a command against the site served on a free port, then stops the server.
with_server() {
  local port pid status=0
  port=$(free_port)
  start_server "$port" &
  pid=$!
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    sleep 0.2
  done
  SITE_URL="http://127.0.0.1:$port/" CHROMIUM="$CHROMIUM" "$@" || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return "$status"
}

test_all() {
  log "native tests"
  cargo test --workspace
  log "wasm tests in headless Chromium"
  # wasm-pack finds Debian's chromedriver on PATH; crate/webdriver.json points it at Chromium.
  "${WASM_ENV[@]}" CHROMEDRIVER="$(command -v chromedriver)" wasm-pack test --headless --chrome --release crate
  build
  log "end-to-end tests (playwright-core + Debian chromium)"
  with_server node --test --test-concurrency=1 tests/e2e/
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
  build
  cp -R bench/www "$SITE/bench"
  # Built first, so that compiling is not part of the run that bench/cpu.mjs watches.
  cargo bench -q -p concurrency-playground --no-run
  log "native: every example and the micro benchmarks (OS threads)"
  node bench/cpu.mjs "$out/cpu-native.json" \
    cargo bench -q -p concurrency-playground --bench native >"$out/native.json"
  log "native: divan micro benchmarks (a cross-check of the native micro figures)"
  cargo bench -q -p concurrency-playground --bench micro -- --color never | tee "$out/divan.txt"
  log "browser: headless Chromium against the served site"
  with_server node bench/cpu.mjs "$out/cpu-browser.json" node bench/browser.mjs "$out/browser.json"
  log "writing BENCHMARKS.md and bench/results.json"
  node bench/report.mjs "$out"
}

main() {
  local cmd=${1:-}
  case "$cmd" in
    setup) setup ;;
    build) setup; build ;;
    serve) setup; serve ;;
    test) setup; test_all ;;
    bench) setup; bench ;;
    *)
      echo "usage: ./build.sh setup|build|serve|test|bench" >&2
      exit 2
      ;;
  esac
}

main "$@"
