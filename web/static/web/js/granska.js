// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // After a failed submit: focus the error summary, so that its list is read out first.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
  // The print button of decision documents (hidden without JavaScript).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
