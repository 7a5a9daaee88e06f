/*
 * The door scanner's service worker (scope /checkin/): keeps the scanner page last opened and
 * the build files it runs on, so that a reload without a connection still opens the scanner.
 * The page keeps the roster and its offline check-ins in IndexedDB itself (app/scanner/door-store.ts),
 * so the reloaded page goes on checking guests in and queueing them. The roster and sync
 * requests are left to the network: they must fail when it is gone, never come from a cache.
 */
const CACHE = "nanum-scanner-v1";
const SCANNER_PAGE = /^\/checkin\/[a-z0-9-]+\/?$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("nanum-scanner-") && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** A page's address without its query: one copy per scanner. */
const pageKey = (url) => {
  const { origin, pathname } = new URL(url);
  return origin + pathname.replace(/\/$/, "");
};
const isBuildFile = (url) => new URL(url).origin === self.location.origin && new URL(url).pathname.startsWith("/build/");

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/build/")) event.respondWith(buildFile(request));
  else if (request.mode === "navigate" && SCANNER_PAGE.test(url.pathname)) event.respondWith(scannerPage(request));
});

/** Build files never change under their hashed names: the kept copy is as good as the network's. */
async function buildFile(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** The network's page when there is one (and kept for later), else the kept copy. */
async function scannerPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A login page in its place means the session is over: forget the scanner too.
    if (response.redirected || !response.ok) await cache.delete(pageKey(request.url));
    else await cache.put(pageKey(request.url), response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(pageKey(request.url));
    if (kept) return kept;
    throw error;
  }
}

/**
 * The page, once open, names itself and the build files it loaded (it was opened before this
 * worker took control, the first time). Keep those; drop other scanners and older builds.
 */
self.addEventListener("message", (event) => {
  const { type, page, files } = event.data ?? {};
  if (type !== "keep" || typeof page !== "string" || !Array.isArray(files)) return;
  event.waitUntil(
    keep(
      new URL(page, self.location.origin).href,
      files.filter((file) => typeof file === "string" && isBuildFile(file)),
    ),
  );
});

async function keep(page, files) {
  const cache = await caches.open(CACHE);
  const wanted = new Set([pageKey(page), ...files]);
  if (!(await cache.match(pageKey(page)))) {
    const response = await fetch(page, { credentials: "same-origin" });
    if (response.ok && !response.redirected) await cache.put(pageKey(page), response);
  }
  for (const file of files) if (!(await cache.match(file))) await cache.add(file).catch(() => undefined);
  for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
}
