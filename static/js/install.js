/* "Put Mødested on your phone" (the install_prompt macro). */
(function () {
  "use strict";

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
