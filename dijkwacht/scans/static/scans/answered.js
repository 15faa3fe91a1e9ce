/* The scan page's "Answered N / M": a norm answered for the first time (saved as you go, by
   htmx) raises N. The server says so with the event "dw-answered" (an HX-Trigger header). */
(function () {
  "use strict";
  document.body.addEventListener("dw-answered", function () {
    var counter = document.getElementById("answered-count");
    if (counter) {
      counter.textContent = String(Number(counter.textContent) + 1);
    }
  });
})();
