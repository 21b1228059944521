// Backup-code page: a "Print" button (no inline scripts: CSP script-src 'self').
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-sigap-print]") : null;
    if (button) {
      window.print();
    }
  });
})();
