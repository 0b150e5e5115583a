# workerd config of the unbundled test: the worker, with paysign's worker entry embedded under
# the names its own relative imports resolve to. (The bundled test writes its own config.)
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .notifyWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const notifyWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "paysign", esModule = embed "../../pkg/dist/lean.worker.js"),
    (name = "face.js", esModule = embed "../../pkg/dist/face.js"),
    (name = "lean/paysign_lean_bg.js", esModule = embed "../../pkg/dist/lean/paysign_lean_bg.js"),
    (name = "lean/paysign_lean_bg.wasm", wasm = embed "../../pkg/dist/lean/paysign_lean_bg.wasm"),
  ],
  bindings = [
    (name = "CLPAY_KEY", text = "123456ABDDFF"),
    (name = "CMPAY_SIGN_KEY", text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"),
  ],
  compatibilityDate = "2025-01-01",
);
