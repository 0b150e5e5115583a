# The two commands of the README:
#   make serve   build everything and serve the debugger on http://127.0.0.1:8080/
#   make test    build everything and run every test (Rust, clippy, fuzz, JS in Node 20/22, Deno,
#                Bun, edge-runtime, workerd, Next.js, Vite, webpack, esbuild, Express, Chromium)
.PHONY: serve test setup build rust-test lint js-test bench fuzz fuzz-brief soak

serve: build
	node scripts/serve.mjs

test: build rust-test lint fuzz-brief js-test

setup:
	bash scripts/setup.sh

build: setup
	bash scripts/build.sh

rust-test:
	cargo test --features work-count
	cargo test --no-default-features

lint:
	cargo fmt --check
	cargo clippy --all-targets --features work-count -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features wasm,rsa -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features wasm -- -D warnings
	cargo clippy --all-targets --no-default-features -- -D warnings

js-test:
	node --test --test-concurrency=1 tests/js/

bench: build
	node bench/run.mjs

# Every cargo-fuzz target for 20 s (part of `make test`), or for FUZZ_SECONDS (default 600) each.
fuzz-brief:
	bash scripts/fuzz.sh 20

fuzz: setup
	bash scripts/fuzz.sh $${FUZZ_SECONDS:-600}

# 10^6 verifications and a loopback load test of the example receiver under forgery attempts.
soak: build
	node bench/soak.mjs
