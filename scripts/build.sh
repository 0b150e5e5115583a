#!/usr/bin/env bash
# Builds the npm package in pkg/ and the debugger's copy in www/pkg/.
#
# Three wasm modules from one crate, by cargo features, so that a notify verifier never loads
# what it does not use:
#   lean   (paysign)        both gateways' MD5/HMAC/3DES paths, payUrl, codes, GBK
#   rsa    (paysign/rsa)    the same plus CMPay signType=RSA, key formats and certificates
#   debug  (paysign/debug)  the same plus the signature debugger engine (www/ uses it)
# Each is bound once with wasm-bindgen's bundler target, of which only the bindings module
# (`*_bg.js`, ESM) is kept: the JS face instantiates the wasm itself, from whatever each runtime
# provides (a compiled module, fetched bytes, base64), which also works when an edge sandbox
# hands over a WebAssembly.Module of another realm. No generated .d.ts: the types in pkg/types/
# are hand-owned. The .wasm is optimised with wasm-opt and shipped as a file, and its bytes once
# more as a base64 module for Node, Deno, Bun and browser bundlers, which cannot all find a file
# next to the code once bundled. scripts/entries.mjs then writes the per-runtime entries.
set -euo pipefail
cd "$(dirname "$0")/.."

opt=node_modules/.bin/wasm-opt
esbuild=node_modules/.bin/esbuild
wasm_features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"

rm -rf pkg/dist && mkdir -p pkg/dist
build() { # name cargo-features
  local name=$1 features=$2 out=pkg/dist/$1
  cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --features "$features"
  wasm-bindgen --target bundler --no-typescript \
    --out-dir "$out" --out-name "paysign_$name" target/wasm32-unknown-unknown/release/paysign.wasm
  rm "$out/paysign_$name.js" # the bundler entry (an ESM import of the .wasm); the face replaces it
  "$opt" -O3 $wasm_features "$out/paysign_${name}_bg.wasm" -o "$out/paysign_${name}_bg.wasm"
  # The same glue as CommonJS for require() (a module-format change by esbuild, not an edit).
  "$esbuild" "$out/paysign_${name}_bg.js" --format=cjs --log-level=error --outfile="$out/paysign_${name}_bg.cjs"
  node -e 'const fs = require("fs"); const [, wasm, out] = process.argv;
    fs.writeFileSync(out, "module.exports = " + JSON.stringify(fs.readFileSync(wasm).toString("base64")) + ";\n");' \
    "$out/paysign_${name}_bg.wasm" "$out/paysign_${name}_bg.wasm.cjs"
}
build lean wasm
build rsa wasm,rsa
build debug wasm,rsa,debugger

node scripts/entries.mjs
cp LICENSE-MIT LICENSE-APACHE pkg/

rm -rf www/pkg && mkdir -p www/pkg/debug
cp pkg/dist/face.js pkg/dist/debug.web.js www/pkg/
cp pkg/dist/debug/paysign_debug_bg.js pkg/dist/debug/paysign_debug_bg.wasm www/pkg/debug/
# The same page inside the npm package, for `paysign serve`, which serves its pkg/ folder from
# the package's dist/ (so no file is shipped twice).
rm -rf pkg/www && mkdir -p pkg/www && cp www/index.html www/app.js www/style.css pkg/www/
for m in lean rsa debug; do
  printf 'built pkg/dist/%s: %s bytes of wasm, %s gzipped\n' "$m" \
    "$(wc -c < pkg/dist/$m/paysign_${m}_bg.wasm)" "$(gzip -9c pkg/dist/$m/paysign_${m}_bg.wasm | wc -c)"
done
