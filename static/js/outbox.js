/* The outbox: walk-in logs made without internet wait here (IndexedDB) until they can be
 * sent. Used by the walk-in page and by the service worker (Background Sync), so both send
 * the same way. Each log carries its idempotency key: sent twice, it is stored once. */
(function (scope) {
  "use strict";

  var DB_NAME = "modested-outbox";
  var STORE = "walk-ins";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = action(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(result && result.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  var outbox = {
    add: function (item) {
      return run("readwrite", function (store) { return store.put(item); });
    },
    all: function () {
      return run("readonly", function (store) { return store.getAll(); });
    },
    remove: function (key) {
      return run("readwrite", function (store) { return store.delete(key); });
    },
    /* Send every waiting log. Resolves with how many are still waiting. */
    flush: function () {
      return outbox.all().then(function (items) {
        return items.reduce(function (previous, item) {
          return previous.then(function () {
            return fetch(item.url, {
              method: "POST",
              credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRFToken": item.csrf },
              body: JSON.stringify(item.body)
            }).then(function (response) {
              // Stored (201), stored before (200), or refused for good (4xx): done with it.
              if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 429)) {
                return outbox.remove(item.key);
              }
              return undefined;
            }, function () { return undefined; }); // still offline: keep it
          });
        }, Promise.resolve());
      }).then(function () {
        return outbox.all().then(function (left) { return left.length; });
      });
    }
  };

  scope.modestedOutbox = outbox;
})(self);
