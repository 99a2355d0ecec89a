// Bootstrap for the page: checks the browser, registers the service worker,
// compiles the Go WebAssembly module once, starts the engine worker with it,
// and runs the same module as the page's UI. All app logic is in Go (wasm/).
'use strict';

(function () {
  const WASM_URL = 'web/gpt2.wasm';
  const WORKER_URL = 'web/worker.js';

  function fail(text) {
    const status = document.getElementById('status');
    status.dataset.state = 'error';
    status.textContent = text;
  }

  if (typeof WebAssembly !== 'object' || typeof Worker !== 'function' ||
      typeof ReadableStream !== 'function' || typeof Go !== 'function') {
    document.getElementById('unsupported').hidden = false;
    fail('This browser cannot run the app.');
    return;
  }

  if ('serviceWorker' in navigator) {
    // sw.js sits at the app's root so that its scope is the app's folder.
    navigator.serviceWorker.register('sw.js').catch(function (err) {
      console.warn('service worker not registered:', err);
    });
  }

  // compile prefers streaming compilation and falls back to compiling a
  // downloaded buffer when the host does not serve application/wasm.
  async function compile(url) {
    if (typeof WebAssembly.compileStreaming === 'function') {
      try {
        return await WebAssembly.compileStreaming(fetch(url));
      } catch (err) {
        console.warn('compileStreaming failed, falling back:', err);
      }
    }
    const resp = await fetch(url);
    if (!resp.ok) {
      throw new Error('downloading ' + url + ': HTTP ' + resp.status);
    }
    return WebAssembly.compile(await resp.arrayBuffer());
  }

  async function start() {
    const module = await compile(WASM_URL);
    const worker = new Worker(WORKER_URL);
    worker.postMessage({ wasm: module });
    globalThis.gpt2Worker = worker;
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await go.run(instance);
  }

  start().catch(function (err) {
    console.error(err);
    fail('The app could not start: ' + err.message);
  });
})();
