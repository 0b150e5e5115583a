#!/usr/bin/env bash
# Builds the wasm core twice (Node and web targets) into pkg/, optimises it with wasm-opt from
# the binaryen npm package, writes the JS face out for ESM and CommonJS, and copies the web
# build next to the debugger in www/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --lib --release --target wasm32-unknown-unknown --features wasm
wasm=target/wasm32-unknown-unknown/release/paysign.wasm

rm -rf pkg/node pkg/web
wasm-bindgen --target nodejs --out-dir pkg/node --out-name paysign "$wasm"
wasm-bindgen --target web --out-dir pkg/web --out-name paysign "$wasm"

opt=node_modules/.bin/wasm-opt
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
for f in pkg/node/paysign_bg.wasm pkg/web/paysign_bg.wasm; do
  "$opt" -O3 $features "$f" -o "$f"
done

# Optional arguments are taken as JsValue (so wrong types get a typed error); declare them optional.
node -e '
  const fs = require("fs");
  for (const f of ["pkg/node/paysign.d.ts", "pkg/web/paysign.d.ts"]) {
    const src = fs.readFileSync(f, "utf8");
    fs.writeFileSync(f, src.replace(/(\w+): ([^,():;]+?) \| undefined(?=[,)])/g, "$1?: $2"));
  }
'
# The web build is ESM inside a package whose default module type is CommonJS.
echo '{ "type": "module" }' > pkg/web/package.json
# The JS face (pkg/src/face.js, hand-written) in both module systems: the file plus one
# export line each. The entries node.cjs, node.mjs, web.mjs and worker.mjs are hand-written.
{ cat pkg/src/face.js; echo 'export { makeFace };'; } > pkg/face.mjs
{ cat pkg/src/face.js; echo 'module.exports = { makeFace };'; } > pkg/face.cjs
cp README.md pkg/README.md

rm -rf www/pkg && mkdir -p www/pkg && cp pkg/web/paysign.js pkg/web/paysign_bg.wasm www/pkg/
echo "built pkg/ ($(wc -c < pkg/web/paysign_bg.wasm) bytes of wasm)"
