// Service worker: keeps the app shell (page, scripts, styles, WebAssembly)
// in Cache Storage so that the page opens offline. It is served at the app's
// root (tools/serve puts it there) so its scope is the app's folder. Shell
// requests go to the network first and fall back to the cache; every other
// request (models: the engine caches verified shards itself) passes through.
'use strict';

const SHELL_CACHE = 'gpt2-shell-v1';
const SHELL = ['./', 'index.html', 'sw.js', 'web/app.css', 'web/main.js',
  'web/worker.js', 'web/wasm_exec.js', 'web/gpt2.wasm'];

function shellURLs() {
  return SHELL.map(function (p) { return new URL(p, self.registration.scope).href; });
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL_CACHE)
    .then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.startsWith('gpt2-shell-') && n !== SHELL_CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

async function networkFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) {
      return cached;
    }
    throw err;
  }
}

self.addEventListener('fetch', function (event) {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (!shellURLs().includes(url.href)) {
    return;
  }
  event.respondWith(networkFirst(request));
});
