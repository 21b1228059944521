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

  // A checkbox with data-opens="<id>" unfolds the <details> of that id when ticked (the follow-up's new
  // incident): the fields stay reachable without script, folded or not.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box && box.dataset && box.dataset.opens && box.checked) {
      var target = document.getElementById(box.dataset.opens);
      if (target) {
        target.open = true;
      }
    }
  });

  document.addEventListener("htmx:responseError", showRequestError);
  document.addEventListener("htmx:sendError", showRequestError);
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) {
      box.classList.add("d-none");
    }
  });
})();
