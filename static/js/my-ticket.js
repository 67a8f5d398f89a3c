/* The group page's "See my ticket" link, shown when she kept her ticket on this phone
   (js/remember-ticket.js stores it under the same key). */
(function () {
  "use strict";

  var TICKET_KEY = "modested-ticket";
  var myTicket = document.getElementById("my-ticket");
  if (myTicket && window.localStorage && window.localStorage.getItem(TICKET_KEY)) {
    myTicket.href = window.localStorage.getItem(TICKET_KEY);
    myTicket.hidden = false;
  }
})();
