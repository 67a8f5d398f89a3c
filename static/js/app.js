/* Mødested page script. No inline script anywhere: the CSP allows only 'self'. */
(function () {
  "use strict";

  /* Quick exit: blank the page at once, then replace this history entry with a neutral
     site, so the back button does not lead here. Shift pressed three times does the same. */
  var exitLink = document.getElementById("quick-exit");

  function leave() {
    var target = exitLink ? exitLink.getAttribute("data-exit-url") : "https://www.dmi.dk/";
    document.title = "";
    document.documentElement.style.background = "#fff";
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
})();
