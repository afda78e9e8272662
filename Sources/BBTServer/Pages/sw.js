'use strict';
// 报表通's service worker (served at /sw.js, scope /): the filler's form opens again without a
// network. Pages and the form's API answer are fetched from the network first and kept; when the
// network fails, the kept copy is answered. Static files (content-hashed names) are kept once.
// Nothing else is cached, and logging out empties the cache (bbt.js), so a shared phone keeps no
// one's form after its user has left.
const PAGES = 'bbt-pages-v1', FILES = 'bbt-files-v1';

self.addEventListener('install', event => { event.waitUntil(self.skipWaiting()); });
self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== PAGES && name !== FILES) await caches.delete(name);
    await self.clients.claim();
  })());
});

// A new version of a static file (`/static/<stem>.<hash>.<ext>`) replaces the kept older ones of
// the same stem, so that a phone keeps one copy of each file whatever the number of deployments.
async function forgetOlder(cache, url) {
  const name = /^\/static\/(.+)\.[0-9a-f]{12}\.([a-z0-9]+)$/.exec(url.pathname);
  if (!name) return;
  for (const kept of await cache.keys()) {
    const path = new URL(kept.url).pathname, other = /^\/static\/(.+)\.[0-9a-f]{12}\.([a-z0-9]+)$/.exec(path);
    if (other && other[1] === name[1] && other[2] === name[2] && path !== url.pathname) await cache.delete(kept);
  }
}

// What is kept for offline use: the form page and its API answer.
function offlineUse(url) {
  return url.pathname.startsWith('/form/') || /^\/api\/v1\/units\/[^/]+\/forms\/[^/]+$/.test(url.pathname);
}

self.addEventListener('fetch', event => {
  const request = event.request, url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/static/')) {
    event.respondWith((async () => {
      const cache = await caches.open(FILES);
      const kept = await cache.match(request);
      if (kept) return kept;
      const response = await fetch(request);
      if (response.ok) {
        await cache.put(request, response.clone());
        await forgetOlder(cache, url);
      }
      return response;
    })());
    return;
  }
  if (!offlineUse(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(PAGES);
    try {
      const response = await fetch(request);
      // Only a page the user may see (not a redirect to the log-in page) is kept.
      if (response.ok && !response.redirected) await cache.put(request, response.clone());
      return response;
    } catch (error) {
      const kept = await cache.match(request);
      if (kept) return kept;
      throw error;
    }
  })());
});
