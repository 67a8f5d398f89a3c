/* Mødested page script. No inline script anywhere: the CSP allows only 'self'. */
(function () {
  "use strict";

  var root = document.documentElement;

  /* Quick exit: blank the page at once, then replace this history entry with a neutral
     site, so the back button does not lead here. Shift pressed three times does the same. */
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

  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      return;
    }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (time) { return now - time < 1500; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) {
      leave();
    }
  });

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

  /* The offline page lists the pages saved on this phone, by their titles. */
  var savedPages = document.getElementById("saved-pages");
  if (savedPages && window.caches) {
    var prefix = "/" + root.lang + "/";
    window.caches.keys().then(function (names) {
      var pages = names.filter(function (name) { return name.indexOf("modested-pages-") === 0; });
      return pages.length ? window.caches.open(pages[pages.length - 1]) : null;
    }).then(function (cache) {
      if (!cache) {
        return [];
      }
      return cache.keys().then(function (requests) {
        var mine = requests.filter(function (request) {
          var path = new URL(request.url).pathname;
          return path.indexOf(prefix) === 0 && !/\/offline$/.test(path);
        });
        return Promise.all(mine.map(function (request) {
          return cache.match(request).then(function (response) { return response.text(); })
            .then(function (html) {
              var title = new DOMParser().parseFromString(html, "text/html").title;
              return { path: new URL(request.url).pathname, title: title };
            });
        }));
      });
    }).then(function (pages) {
      var list = savedPages.querySelector("ul");
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = "group-link";
        link.href = page.path;
        link.textContent = page.title.split(" · ").slice(0, -1).join(" · ") || page.path;
        item.appendChild(link);
        list.appendChild(item);
      });
      savedPages.hidden = pages.length === 0;
    });
  }

  /* The request form: one tap sends once; "remember on this phone" needs this script. */
  var askForm = document.getElementById("ask-form");
  if (askForm) {
    var remember = askForm.querySelector(".remember");
    if (remember && window.localStorage) {
      remember.hidden = false;
    }
    askForm.addEventListener("submit", function () {
      window.setTimeout(function () { document.getElementById("ask-submit").disabled = true; }, 0);
    });
  }

  /* Her ticket: kept on the phone only if she asked; otherwise the private address is taken
     out of the browser's history (the page stays, and keeps updating itself). */
  var TICKET_KEY = "modested-ticket";
  if (root.getAttribute("data-page") === "ticket") {
    var here = window.location.pathname;
    var remembered = document.getElementById("remembered");
    var stored = window.localStorage ? window.localStorage.getItem(TICKET_KEY) : null;
    if (window.location.hash === "#remember" && window.localStorage) {
      window.localStorage.setItem(TICKET_KEY, here);
      stored = here;
    }
    if (stored === here) {
      history.replaceState(null, "", here);
      remembered.hidden = false;
    } else {
      history.replaceState(null, "", root.getAttribute("data-neutral-url"));
    }
    document.getElementById("forget-ticket").addEventListener("click", function () {
      window.localStorage.removeItem(TICKET_KEY);
      remembered.hidden = true;
      history.replaceState(null, "", root.getAttribute("data-neutral-url"));
    });
  }
  /* A status check that failed (no signal, a server hiccup) swaps nothing, so the element
     that asks again is not replaced: ask it to try again ("retry" in its hx-trigger). */
  ["htmx:sendError", "htmx:responseError"].forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      var element = event.detail && event.detail.elt;
      if (element && element.id === "ticket-status" && window.htmx) {
        window.htmx.trigger(element, "retry");
      }
    });
  });
  var myTicket = document.getElementById("my-ticket");
  if (myTicket && window.localStorage && window.localStorage.getItem(TICKET_KEY)) {
    myTicket.href = window.localStorage.getItem(TICKET_KEY);
    myTicket.hidden = false;
  }

  /* Walk-in logs: without internet they wait on the phone and are sent when it is back. */
  var walkInForm = document.getElementById("walk-in-form");
  if (walkInForm && self.modestedOutbox) {
    var outbox = self.modestedOutbox;
    var pending = document.getElementById("pending");
    var pendingList = document.getElementById("pending-list");
    var savedOffline = document.getElementById("walk-in-saved-offline");

    var showPending = function () {
      return outbox.all().then(function (items) {
        pendingList.replaceChildren();
        items.forEach(function (item) {
          var line = document.createElement("li");
          line.textContent = item.label;
          pendingList.appendChild(line);
        });
        pending.hidden = items.length === 0;
      });
    };
    var flush = function () {
      return outbox.flush().then(showPending, showPending);
    };
    var newKey = function () {
      return self.crypto && self.crypto.randomUUID ? self.crypto.randomUUID()
        : String(Date.now()) + "-" + Math.random().toString(36).slice(2);
    };

    walkInForm.addEventListener("submit", function (event) {
      if (navigator.onLine) {
        return; // the server checks and saves it at once
      }
      event.preventDefault();
      var data = new FormData(walkInForm);
      var body = {
        key: data.get("key"),
        kinds: data.getAll("kinds"),
        minutes: data.get("minutes"),
        language: data.get("language"),
        outcome: data.get("outcome")
      };
      if (!body.kinds.length || !body.minutes || !body.language || !body.outcome) {
        walkInForm.reportValidity();
        window.alert(walkInForm.getAttribute("data-incomplete"));
        return;
      }
      var labels = Array.prototype.map.call(
        walkInForm.querySelectorAll("input[name=kinds]:checked"),
        function (input) { return input.parentNode.textContent.trim(); }
      );
      outbox.add({
        key: body.key,
        url: walkInForm.getAttribute("data-sync-url"),
        csrf: walkInForm.getAttribute("data-csrf"),
        body: body,
        label: labels.join(", ") + " · " + body.minutes + " min"
      }).then(function () {
        walkInForm.reset();
        walkInForm.querySelector("input[name=key]").value = newKey();
        savedOffline.hidden = false;
        if (navigator.serviceWorker && window.SyncManager) {
          navigator.serviceWorker.ready.then(function (registration) {
            return registration.sync.register("walk-ins");
          }).catch(function () { /* the online event and the next page load still send */ });
        }
        return showPending();
      });
    });
    window.addEventListener("online", flush);
    flush();
  }

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

  /* Read aloud: the café's essentials in the card's language, with a voice of that language
     where the phone has one; without one the button stays hidden. */
  var readButtons = document.querySelectorAll(".read-aloud");
  if (readButtons.length && "speechSynthesis" in window) {
    var voiceFor = function (lang) {
      var wanted = lang.toLowerCase();
      return window.speechSynthesis.getVoices().filter(function (voice) {
        var code = voice.lang.toLowerCase().replace("_", "-");
        return code === wanted || code.indexOf(wanted + "-") === 0;
      })[0];
    };
    var showReadButtons = function () {
      readButtons.forEach(function (button) {
        button.hidden = !voiceFor(button.getAttribute("data-lang"));
      });
    };
    showReadButtons();
    window.speechSynthesis.addEventListener("voiceschanged", showReadButtons);
    readButtons.forEach(function (button) {
      var label = button.querySelector(".label");
      var readLabel = label.textContent;
      button.addEventListener("click", function () {
        var synth = window.speechSynthesis;
        if (synth.speaking) {
          synth.cancel();
          return;
        }
        var utterance = new SpeechSynthesisUtterance(button.getAttribute("data-say"));
        utterance.lang = button.getAttribute("data-lang");
        utterance.voice = voiceFor(utterance.lang) || null;
        utterance.onend = utterance.onerror = function () { label.textContent = readLabel; };
        label.textContent = button.getAttribute("data-stop");
        synth.speak(utterance);
      });
    });
  }

  /* Install: the browser's own prompt where it offers one, short steps on iPhone Safari. */
  var install = document.getElementById("install");
  var standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;

  if (install && !standalone) {
    var installButton = document.getElementById("install-button");
    var deferredPrompt = null;

    window.addEventListener("beforeinstallprompt", function (event) {
      event.preventDefault();
      deferredPrompt = event;
      install.hidden = false;
      installButton.hidden = false;
    });
    installButton.addEventListener("click", function () {
      if (!deferredPrompt) {
        return;
      }
      deferredPrompt.prompt();
      deferredPrompt.userChoice.then(function () {
        deferredPrompt = null;
        install.hidden = true;
      });
    });
    window.addEventListener("appinstalled", function () {
      install.hidden = true;
    });

    var ua = navigator.userAgent;
    var iosSafari = /iPhone|iPad|iPod/.test(ua) && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua);
    if (iosSafari) {
      install.hidden = false;
      document.getElementById("install-ios").hidden = false;
    }
  }
})();
