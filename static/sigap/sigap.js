// Sigap's own script: loaded on every page, no inline scripts anywhere (CSP).
(function () {
  "use strict";
  // Language switch: submit on change (the button stays for keyboard and no-JS users).
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") {
      event.target.form.submit();
    }
  });
})();
