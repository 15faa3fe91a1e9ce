// The report form shows every kind's questions, so it works without JavaScript. With it, only
// the questions of the chosen kind stay visible; hidden ones are not sent along (the server
// also ignores the answers of another kind).
(function () {
  "use strict";
  var form = document.querySelector("[data-meldpunt-intake]");
  if (!form) {
    return;
  }
  var sections = form.querySelectorAll("[data-kind]");
  var contact = form.querySelector("#contact");

  function update() {
    var kind = form.querySelector('input[name="kind"]:checked');
    var identity = form.querySelector('input[name="identity"]:checked');
    Array.prototype.forEach.call(sections, function (section) {
      var shown = kind !== null && section.getAttribute("data-kind") === kind.value;
      section.hidden = !shown;
      section.disabled = !shown;
    });
    if (contact) {
      var anonymous = identity !== null && identity.value === "anoniem";
      contact.hidden = anonymous;
      contact.disabled = anonymous;
    }
  }

  // After a refused submit, start at the list of what to correct.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "kind" || event.target.name === "identity") {
      update();
    }
  });
  update();
})();
