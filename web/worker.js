// Bootstrap for the engine worker: waits for the compiled module from the
// page, then runs it; the Go program takes over self.onmessage. If the Go
// program exits (a crash, most often out of memory), the page is told with a
// typed error message.
'use strict';

importScripts('wasm_exec.js');

function postError(code, text) {
  self.postMessage({ json: JSON.stringify({ kind: 'error', error: { code: code, message: text } }) });
}

self.onmessage = async function (event) {
  self.onmessage = null;
  try {
    const go = new Go();
    let exitCode = 0;
    const exit = go.exit;
    go.exit = function (code) { exitCode = code; exit.call(go, code); };
    const instance = await WebAssembly.instantiate(event.data.wasm, go.importObject);
    await go.run(instance);
    postError('engine-exited', 'The engine stopped (exit code ' + exitCode + '), most likely out of memory. Reload the page, or try a smaller model.');
  } catch (err) {
    const oom = err instanceof RangeError;
    postError(oom ? 'out-of-memory' : 'engine-exited',
      (oom ? 'Out of memory: ' : 'The engine failed: ') + err.message);
  }
};
