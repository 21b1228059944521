// User administration: copy the one-time password link to the clipboard (no inline scripts: CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) {
      return;
    }
    input.select();
    var done = function () {
      button.textContent = button.getAttribute("data-copied-text") || button.textContent;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else {
      // Plain HTTP (a demo on a LAN): the selection above lets the admin press Ctrl+C.
      done();
    }
  });
})();
