/* The group page's "Notify me about cafés" switch. The subscription holds her group(s) and
   her language, nothing else. Permission is asked only from her tap on the switch. */
(function () {
  "use strict";

  var box = document.getElementById("notify");
  if (!box) {
    return;
  }
  var toggle = document.getElementById("notify-switch");
  var details = document.getElementById("notify-details");
  var testButton = document.getElementById("notify-test");
  var group = box.getAttribute("data-group");
  var lang = box.getAttribute("data-lang");
  var standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  var ios = /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  var messages = ["notify-on", "notify-off", "notify-failed", "notify-blocked", "notify-ios",
    "notify-unsupported", "notify-offline", "notify-test-sent"];

  function show(id) {
    messages.forEach(function (name) {
      document.getElementById(name).hidden = name !== id;
    });
  }

  function post(url, body) {
    body.lang = lang;
    return fetch(box.getAttribute(url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.json();
    });
  }

  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  /* What the service worker needs to renew the subscription when the browser replaces it
     ("pushsubscriptionchange" in sw.js): the endpoint, the server key and her language, the
     one the server now holds (the last one she subscribed in). */
  function remember(subscription) {
    return new Promise(function (resolve) {
      var request = indexedDB.open("modested-push", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("subscription");
      };
      request.onsuccess = function () {
        var db = request.result;
        var transaction = db.transaction("subscription", "readwrite");
        transaction.objectStore("subscription").put({
          endpoint: subscription.endpoint, key: keyBytes(box.getAttribute("data-key")), lang: lang
        }, "current");
        transaction.oncomplete = transaction.onerror = function () {
          db.close();
          resolve();
        };
      };
      request.onerror = function () { resolve(); }; // no storage: the worker cannot renew
    });
  }

  function setState(on) {
    toggle.checked = on;
    testButton.hidden = !on;
    document.getElementById("notify-details-row").hidden = !on;
  }

  function registration() {
    return navigator.serviceWorker.ready;
  }

  /* A subscription made for an older server key can no longer be used (the push service
     refuses pushes signed with the new one): replace it. */
  function forThisKey(subscription, key) {
    var made = subscription.options && subscription.options.applicationServerKey;
    if (!made) {
      return Promise.resolve(subscription);
    }
    var bytes = new Uint8Array(made);
    var same = bytes.length === key.length && bytes.every(function (value, index) {
      return value === key[index];
    });
    return same ? Promise.resolve(subscription) : subscription.unsubscribe().then(function () {
      return null;
    });
  }

  function turnOn() {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        setState(false);
        show(permission === "denied" ? "notify-blocked" : null);
        return;
      }
      var key = keyBytes(box.getAttribute("data-key"));
      return registration().then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing ? forThisKey(existing, key) : null;
        }).then(function (usable) {
          return usable || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        });
      }).then(function (subscription) {
        return post("data-subscribe-url", {
          subscription: subscription.toJSON(), group: group, details: details.checked
        }).then(function () {
          return remember(subscription);
        });
      }).then(function () {
        setState(true);
        show("notify-on");
      });
    });
  }

  function turnOff() {
    return registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) {
        return;
      }
      return post("data-remove-url", { endpoint: subscription.endpoint, group: group })
        .then(function (answer) {
          if (answer.groups.length === 0) {
            return subscription.unsubscribe();
          }
        });
    }).then(function () {
      setState(false);
      show("notify-off");
    });
  }

  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (ios && !standalone && !supported) {
    box.hidden = false;
    document.getElementById("notify-switch-row").hidden = true;
    show("notify-ios");
    return;
  }
  box.hidden = false;
  if (!supported) {
    document.getElementById("notify-switch-row").hidden = true;
    show("notify-unsupported");
    return;
  }
  if (Notification.permission === "denied") {
    show("notify-blocked");
  }

  registration().then(function (reg) {
    return reg.pushManager.getSubscription();
  }).then(function (subscription) {
    if (!subscription) {
      return;
    }
    return post("data-groups-url", { endpoint: subscription.endpoint }).then(function (answer) {
      details.checked = answer.details === true;
      setState(answer.groups.indexOf(group) !== -1);
    });
  }).catch(function () { /* offline: the switch stays as it is */ });

  toggle.addEventListener("change", function () {
    var wanted = toggle.checked;
    if (!navigator.onLine) {
      setState(!wanted);
      show("notify-offline");
      return;
    }
    toggle.disabled = true;
    (wanted ? turnOn() : turnOff()).catch(function () {
      setState(!wanted);
      show("notify-failed");
    }).then(function () {
      toggle.disabled = false;
    });
  });

  details.addEventListener("change", function () {
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      return post("data-subscribe-url", {
        subscription: subscription.toJSON(), group: group, details: details.checked
      }).then(function () {
        return remember(subscription);
      });
    }).then(function () {
      show("notify-on");
    }).catch(function () {
      details.checked = !details.checked;
      show("notify-failed");
    });
  });

  testButton.addEventListener("click", function () {
    testButton.disabled = true;
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) {
        throw new Error("no subscription");
      }
      return post("data-test-url", { endpoint: subscription.endpoint, group: group });
    }).then(function () {
      show("notify-test-sent");
    }).catch(function () {
      show("notify-failed");
    }).then(function () {
      testButton.disabled = false;
    });
  });
})();
