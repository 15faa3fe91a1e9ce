/* The scan page's "Answered N / M": after a norm is answered for the first time (saved as you
   go, by htmx) the server sends the new N with the event "dw-answered" (an HX-Trigger header). */
(function () {
  "use strict";
  document.body.addEventListener("dw-answered", function (event) {
    var counter = document.getElementById("answered-count");
    if (counter && event.detail && typeof event.detail.count === "number") {
      counter.textContent = String(event.detail.count);
    }
  });
})();
