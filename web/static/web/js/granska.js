// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // The print button of decision documents (hidden without JavaScript).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
