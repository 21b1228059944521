// Sigap's own script: loaded on every page. No inline scripts anywhere (CSP: script-src 'self').
(function () {
  "use strict";

  // A partial update (htmx) that fails shows one plain message with the reference code of the
  // request, in the page's language (the text is rendered by the server into #request-error).
  function showRequestError(event) {
    var box = document.getElementById("request-error");
    if (!box) {
      return;
    }
    var xhr = event.detail && event.detail.xhr;
    var requestId = xhr ? xhr.getResponseHeader("X-Request-ID") : "";
    box.textContent = box.dataset.message + (requestId ? " " + box.dataset.reference + ": " + requestId : "");
    box.classList.remove("d-none");
  }

  document.addEventListener("htmx:responseError", showRequestError);
  document.addEventListener("htmx:sendError", showRequestError);
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) {
      box.classList.add("d-none");
    }
  });
})();
