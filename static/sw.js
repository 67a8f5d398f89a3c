/* Mødested service worker: offline café times, nothing private.
 *
 * Caches (their names carry the version given in the registration URL, /sw.js?v=...):
 *   modested-shell-<version>  CSS, scripts, icons: cache first (their URLs are fingerprinted)
 *   modested-pages-<version>  public pages she opened and the offline page per language
 * A new version pre-caches its shell, waits until the page says "reload", then deletes the
 * old caches and moves the saved pages over (fetched anew, so they use the new assets).
 *
 * Never cached: anything but GET, htmx fragments (HX-Request), responses marked
 * Cache-Control: no-store (signed-in pages, help requests), and the private paths below.
 */
"use strict";

// The outbox script's fingerprinted URL comes with the registration (/sw.js?v=..&outbox=..),
// so the browser's HTTP cache answers the update checks for it.
const OUTBOX_SCRIPT = new URL(self.location.href).searchParams.get("outbox") || "";
importScripts(/^\/assets\/js\/outbox\.[0-9a-f]+\.js$/.test(OUTBOX_SCRIPT) ? OUTBOX_SCRIPT : "/static/js/outbox.js");

const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const SHELL_CACHE = "modested-shell-" + VERSION;
const PAGES_CACHE = "modested-pages-" + VERSION;
const OUR_CACHES = /^modested-(shell|pages)-/;
const NAVIGATION_TIMEOUT_MS = 3000;
const MAX_SAVED_PAGES = 40;
const DEFAULT_LANGUAGE = "da";
const LANGUAGE_PATH = /^\/([a-z]{2,3})\//;
const PRIVATE_PATH = /^\/[a-z]{2,3}\/(login|logout|desk|admin|account|t)(\/|$)|\/ticket$/;

function languageOf(url) {
  const match = LANGUAGE_PATH.exec(new URL(url).pathname);
  return match ? match[1] : DEFAULT_LANGUAGE;
}

function offlinePageUrl(language) {
  return new URL("/" + language + "/offline", self.location.origin).href;
}

function isPublicPage(url) {
  const { pathname, origin } = new URL(url);
  return origin === self.location.origin && LANGUAGE_PATH.test(pathname) && !PRIVATE_PATH.test(pathname);
}

function mayStore(request, response) {
  if (request.method !== "GET" || request.headers.get("HX-Request")) return false;
  if (!response || !response.ok || response.type !== "basic" || response.redirected) return false;
  if (/no-store/i.test(response.headers.get("Cache-Control") || "")) return false;
  return (response.headers.get("Content-Type") || "").startsWith("text/html") && isPublicPage(request.url);
}

/* Store a page under its bare URL (no query of htmx, no Vary surprises), newest last. */
async function savePage(url, response) {
  const cache = await caches.open(PAGES_CACHE);
  await cache.delete(url, { ignoreSearch: false, ignoreVary: true });
  await cache.put(url, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_SAVED_PAGES))) {
    if (!old.url.endsWith("/offline")) await cache.delete(old);
  }
}

async function fetchAndSave(url) {
  const request = new Request(url, { credentials: "same-origin", cache: "no-cache" });
  const response = await fetch(request);
  if (mayStore(request, response) || (response.ok && url.endsWith("/offline"))) {
    await savePage(url, response.clone());
  }
  return response;
}

async function ensureOfflinePage(language) {
  const url = offlinePageUrl(language);
  const cache = await caches.open(PAGES_CACHE);
  if (!(await cache.match(url, { ignoreVary: true }))) {
    await fetchAndSave(url).catch(() => undefined);
  }
}

/* Mark a page served from the cache, so the page script can say "You are offline". */
async function fromCache(response) {
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  return new Response(html.replace('data-served="network"', 'data-served="cache"'), {
    status: 200,
    headers,
  });
}

async function cachedPage(url) {
  const cache = await caches.open(PAGES_CACHE);
  return cache.match(url, { ignoreVary: true });
}

async function handleNavigation(event) {
  const request = event.request;
  const url = request.url.split("#")[0];
  const network = fetch(request).then(async (response) => {
    if (mayStore(request, response)) {
      event.waitUntil(savePage(url, response.clone()));
    }
    return response;
  });
  event.waitUntil(ensureOfflinePage(languageOf(url)).catch(() => undefined));
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, "timeout"));
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== "timeout") return first;
    const saved = await cachedPage(url);
    return saved ? fromCache(saved) : await network;
  } catch (error) {
    const saved = await cachedPage(url);
    if (saved) return fromCache(saved);
    const offline = await cachedPage(offlinePageUrl(languageOf(url)));
    if (offline) return fromCache(offline);
    throw error;
  }
}

async function handleAsset(request) {
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const precache = await (await fetch("/pwa/precache.json", { cache: "no-cache" })).json();
      const shell = await caches.open(SHELL_CACHE);
      await shell.addAll(precache.assets);
      // The pages open right now were loaded before this worker existed: keep them too.
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const languages = new Set([DEFAULT_LANGUAGE]);
      for (const client of windows) {
        languages.add(languageOf(client.url));
        if (isPublicPage(client.url)) await fetchAndSave(client.url.split("#")[0]).catch(() => undefined);
      }
      for (const language of languages) await ensureOfflinePage(language);
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = (await caches.keys()).filter((name) => OUR_CACHES.test(name));
      const oldPages = names.filter((name) => name.startsWith("modested-pages-") && name !== PAGES_CACHE);
      // Saved pages name the old version's asset URLs: fetch them anew where we can.
      for (const name of oldPages) {
        const oldCache = await caches.open(name);
        for (const request of await oldCache.keys()) {
          if (await cachedPage(request.url)) continue;
          try {
            await fetchAndSave(request.url);
          } catch (error) {
            const response = await oldCache.match(request);
            if (response) await (await caches.open(PAGES_CACHE)).put(request.url, response);
          }
        }
      }
      for (const name of names) {
        if (name !== SHELL_CACHE && name !== PAGES_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

/* Walk-in logs made offline: sent when the connection is back (Background Sync). */
self.addEventListener("sync", (event) => {
  if (event.tag === "walk-ins") {
    event.waitUntil(
      self.modestedOutbox.flush().then((left) => {
        if (left > 0) throw new Error("still offline"); // the browser retries later
      })
    );
  }
});

/* Push: the server sends {title, body, url, tag, lang, dir, icon}, already in her language.
   A notification only ever opens a page of this app: anything else becomes the start page. */
function ownPath(url) {
  try {
    const target = new URL(url, self.location.origin);
    if (target.origin === self.location.origin) return target.pathname + target.search;
  } catch (error) {
    /* not a URL */
  }
  return "/";
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const options = {
    body: typeof message.body === "string" ? message.body : "",
    lang: typeof message.lang === "string" ? message.lang : "",
    dir: message.dir === "rtl" || message.dir === "ltr" ? message.dir : "auto",
    icon: ownPath(message.icon || "/"),
    data: { url: ownPath(message.url || "/") },
  };
  if (typeof message.tag === "string" && message.tag) {
    options.tag = message.tag; // a newer notice about the same café replaces the older one
    options.renotify = true;
  }
  const title = typeof message.title === "string" && message.title ? message.title : "Mødested";
  event.waitUntil(self.registration.showNotification(title, options));
});

/* The browser renewed or dropped her subscription: subscribe again with the same server key
   and tell the server, so the new endpoint keeps her groups, her language and her choice of
   details, and the old one is forgotten. The groups and details come from the server; the key
   from the old subscription (else what the group page kept, js/push.js), her language from
   what the group page kept in IndexedDB. */
const PUSH_API = {
  subscribe: "/push/subscription",
  remove: "/push/subscription/remove",
  groups: "/push/subscription/groups",
};

function pushStore(update) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("modested-push", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("subscription");
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const transaction = db.transaction("subscription", update ? "readwrite" : "readonly");
      const store = transaction.objectStore("subscription");
      const read = update ? store.put(update, "current") : store.get("current");
      transaction.oncomplete = () => {
        db.close();
        resolve(update || read.result || {});
      };
      transaction.onerror = () => {
        db.close();
        reject(transaction.error);
      };
    };
  });
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "omit",
  });
  if (!response.ok) throw new Error(url + ": " + response.status);
  return response.json();
}

async function renewSubscription(oldSubscription, newSubscription) {
  const saved = await pushStore().catch(() => ({}));
  const oldEndpoint = (oldSubscription && oldSubscription.endpoint) || saved.endpoint;
  if (!oldEndpoint) return;
  const choices = await postJson(PUSH_API.groups, { endpoint: oldEndpoint });
  if (!choices.groups.length) return; // she had turned notifications off
  const options = (oldSubscription && oldSubscription.options) || {};
  const key = options.applicationServerKey || saved.key;
  if (!newSubscription && !key) return; // nothing to subscribe with
  const subscription =
    newSubscription ||
    (await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
  const lang = choices.language || saved.lang;
  for (const group of choices.groups) {
    await postJson(PUSH_API.subscribe, {
      subscription: subscription.toJSON(),
      group,
      details: choices.details,
      lang,
    });
  }
  if (subscription.endpoint !== oldEndpoint) {
    await postJson(PUSH_API.remove, { endpoint: oldEndpoint, lang }); // no group: every group
  }
  const kept = key ? new Uint8Array(key) : saved.key;
  await pushStore({ ...saved, endpoint: subscription.endpoint, key: kept });
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(ownPath((event.notification.data || {}).url), self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const same = windows.find((client) => client.url === target);
      if (same) return same.focus();
      const open = windows.find((client) => "navigate" in client);
      if (open) return open.focus().then((client) => (client || open).navigate(target));
      return self.clients.openWindow(target);
    })
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // offline POSTs wait in the outbox (js/outbox.js)
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.headers.get("HX-Request")) {
    event.respondWith(
      fetch(request).catch(
        () => new Response("", { status: 503, headers: { "HX-Reswap": "none" } })
      )
    );
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(handleNavigation(event));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(handleAsset(request));
  }
});
