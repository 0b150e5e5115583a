# workerd config of the smoke test: the worker above, with paysign's worker build embedded
# under the names its own relative imports resolve to.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .notifyWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const notifyWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "paysign", esModule = embed "../../pkg/worker.mjs"),
    (name = "web.mjs", esModule = embed "../../pkg/web.mjs"),
    (name = "face.mjs", esModule = embed "../../pkg/face.mjs"),
    (name = "web/paysign.js", esModule = embed "../../pkg/web/paysign.js"),
    (name = "web/paysign_bg.wasm", wasm = embed "../../pkg/web/paysign_bg.wasm"),
  ],
  bindings = [
    (name = "CLPAY_KEY", text = "123456ABDDFF"),
    (name = "CMPAY_SIGN_KEY", text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"),
  ],
  compatibilityDate = "2025-01-01",
);
