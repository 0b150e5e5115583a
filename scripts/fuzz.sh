#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS seconds each (default 20), each seeded with
# every string of tests/vectors/*.json (bodies, keys, certificates, payUrl tokens, ciphertexts).
# `make test` runs it briefly, `make fuzz` long. Needs the nightly toolchain and cargo-fuzz
# (scripts/setup.sh installs cargo-fuzz when nightly is there); without them it says so and
# skips. A crash fails the run and leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}

if ! cargo +nightly --version >/dev/null 2>&1 || ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: SKIPPED: the nightly toolchain or cargo-fuzz is missing (rustup toolchain install nightly; cargo install cargo-fuzz)"
  exit 0
fi

targets=$(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^paysign-fuzz$')
# One pass over the vectors writes the seeds into every target's corpus.
node -e '
  const fs = require("fs"), path = require("path"), crypto = require("crypto");
  const dirs = process.argv.slice(1).map((t) => path.join("fuzz/corpus", t));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  const walk = (v, f) => typeof v === "string" ? f(v) : v && typeof v === "object" ? Object.values(v).forEach((x) => walk(x, f)) : 0;
  for (const file of fs.readdirSync("tests/vectors")) {
    walk(JSON.parse(fs.readFileSync(path.join("tests/vectors", file), "utf8")), (s) => {
      if (s.length < 4) return;
      const name = "seed-" + crypto.createHash("sha1").update(s).digest("hex");
      for (const d of dirs) fs.writeFileSync(path.join(d, name), s);
    });
  }
' $targets

cd fuzz
cargo +nightly fuzz build --release >/dev/null 2>&1 || cargo +nightly fuzz build --release
for t in $targets; do
  out=$(cargo +nightly fuzz run --release "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 2>&1) || {
    echo "$out" | tail -40
    echo "fuzz: $t FAILED"
    exit 1
  }
  echo "fuzz: $t ok, $(echo "$out" | grep -o 'Done [0-9]* runs' | tail -1 | sed 's/Done //') in ${seconds}s"
done
