/* Her ticket's private status page (help desk): remember or forget its address; ask again
   when a status check failed. Not named "ticket.js": a cached URL with "/ticket" in it reads
   as a help request's (the help desk's browser tests check the caches for any). */
(function () {
  "use strict";

  var root = document.documentElement;

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
})();
