# The two commands of the README:
#   make serve   build everything and serve the debugger on http://127.0.0.1:8080/
#   make test    build everything and run every test (Rust, clippy, JS in Node, workerd, Chromium)
.PHONY: serve test setup build rust-test lint js-test bench

serve: build
	node scripts/serve.mjs

test: build rust-test lint js-test

setup:
	bash scripts/setup.sh

build: setup
	bash scripts/build.sh

rust-test:
	cargo test --features work-count

lint:
	cargo fmt --check
	cargo clippy --all-targets --features work-count -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features wasm -- -D warnings

js-test:
	node --test --test-concurrency=1 tests/js/

bench: build
	node bench/run.mjs
