/* Every page: the quick exit, "you are offline", and the service worker with its
   "new version" prompt. Each page adds its own scripts (templates' {% block scripts %}).
   No inline script anywhere: the CSP allows only 'self'. */
(function () {
  "use strict";

  var root = document.documentElement;

  /* Quick exit: blank the page at once, then replace this history entry with a neutral
     site, so the back button does not lead here. */
  var exitLink = document.getElementById("quick-exit");

  function leave() {
    var target = exitLink ? exitLink.getAttribute("data-exit-url") : "https://www.dmi.dk/";
    document.title = "";
    root.style.background = "#fff";
    if (document.body) {
      document.body.replaceChildren();
    }
    window.location.replace(target);
  }

  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
  }

  /* Shift x3 counts only Shift pressed alone (its keydown then its keyup, no other key in
     between, so not the Shift held for a capital or for Shift+Tab), and never while she
     types in a field. Any other key starts the count again. */
  var shiftPresses = [];
  var shiftAlone = false;

  function inField(target) {
    return Boolean(
      target && target.closest && (target.closest("input, textarea, select") || target.isContentEditable)
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift" && !event.repeat) {
      shiftAlone = !inField(event.target) && !event.isComposing;
    } else if (event.key !== "Shift") {
      shiftAlone = false;
      shiftPresses = [];
    }
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !shiftAlone) {
      return;
    }
    shiftAlone = false;
    if (inField(event.target)) {
      return;
    }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (time) { return now - time < 1500; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) {
      leave();
    }
  }, true);

  /* "Updated 2 days ago", in the page's language, by the browser's own Intl. */
  function timeAgo(isoTime) {
    var seconds = (new Date(isoTime).getTime() - Date.now()) / 1000;
    var units = [["day", 86400], ["hour", 3600], ["minute", 60]];
    var format = new Intl.RelativeTimeFormat(root.lang, { numeric: "auto" });
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1] || units[i][0] === "minute") {
        return format.format(Math.round(seconds / units[i][1]), units[i][0]);
      }
    }
    return "";
  }

  /* A page the service worker served from its cache says so, with its age. */
  var offlineNotice = document.getElementById("offline-notice");

  function showOfflineNotice() {
    if (!offlineNotice || root.getAttribute("data-page") === "offline") {
      return;
    }
    var updated = offlineNotice.querySelector(".updated");
    var when = timeAgo(root.getAttribute("data-rendered-at"));
    updated.textContent = offlineNotice.getAttribute("data-updated").replace("{when}", when);
    offlineNotice.hidden = false;
  }

  if (root.getAttribute("data-served") === "cache" || navigator.onLine === false) {
    showOfflineNotice();
  }
  window.addEventListener("offline", showOfflineNotice);
  window.addEventListener("online", function () {
    if (offlineNotice && root.getAttribute("data-served") !== "cache") {
      offlineNotice.hidden = true;
    }
  });

  /* Service worker: register, and offer a reload when a new version is waiting. */
  var updateBanner = document.getElementById("update-banner");

  function offerUpdate(worker) {
    if (!updateBanner || !navigator.serviceWorker.controller) {
      return;
    }
    updateBanner.hidden = false;
    document.getElementById("update-reload").addEventListener("click", function () {
      worker.postMessage({ type: "SKIP_WAITING" });
    });
  }

  if ("serviceWorker" in navigator && root.getAttribute("data-service-worker")) {
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (!reloading && updateBanner && !updateBanner.hidden) {
        reloading = true;
        window.location.reload();
      }
    });
    navigator.serviceWorker
      .register(root.getAttribute("data-service-worker"), { scope: "/" })
      .then(function (registration) {
        if (registration.waiting) {
          offerUpdate(registration.waiting);
        }
        registration.addEventListener("updatefound", function () {
          var installing = registration.installing;
          installing.addEventListener("statechange", function () {
            if (installing.state === "installed") {
              offerUpdate(installing);
            }
          });
        });
      })
      .catch(function () { /* no offline support; the site works as before */ });
  }
})();
