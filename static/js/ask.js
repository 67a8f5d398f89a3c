/* The request form (help desk). */
(function () {
  "use strict";

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
})();
