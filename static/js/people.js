// The invitation link: a Copy button (and Share where the phone has it). Without
// JavaScript the link stays in a read-only field she can select and copy herself.
(function () {
  "use strict";

  function field(button, name) {
    return document.getElementById(button.getAttribute(name));
  }

  var copy = document.querySelector("[data-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var input = field(copy, "data-copy");
      navigator.clipboard.writeText(input.value).then(function () {
        copy.querySelector(".label").textContent = copy.getAttribute("data-copied");
      }, function () {
        input.select();
      });
    });
  }

  var share = document.querySelector("[data-share]");
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ url: field(share, "data-share").value }).catch(function () {});
    });
  }

  var link = document.getElementById("invite-link");
  if (link) {
    link.addEventListener("focus", function () { link.select(); });
  }
})();
