/* The walk-in log (help desk); needs js/outbox.js, loaded before it. */
(function () {
  "use strict";

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
})();
