// The forms of the public reporting pages (/lapor/) without new history entries: each step replaces
// the last, so that after the quick exit "back" finds nothing of the reporting flow.
// A form marked data-replace is sent with fetch. An answer that redirects (a report sent, a language
// chosen) is opened with location.replace(data-next); an answer with a page (a form with errors, a
// status) replaces <main> in place. Without JavaScript, or if fetch fails, the form is sent the plain
// way (a report's one-time token makes a second send harmless).
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !window.DOMParser) { return; }

  function focusFirst(main) {
    var target = main.querySelector("[role=alert]") || main.querySelector("h1") || main;
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }

  function swap(html, form) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("main");
    var main = document.getElementById("main");
    if (!fresh || !main) { HTMLFormElement.prototype.submit.call(form); return; }
    document.title = page.title;
    main.replaceWith(fresh);
    focusFirst(fresh);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-replace")) { return; }
    event.preventDefault();
    if (form.getAttribute("data-busy")) { return; }  // a double click sends once
    form.setAttribute("data-busy", "1");
    var body = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) { body.append(submitter.name, submitter.value); }
    var next = form.getAttribute("data-next");
    window.fetch(form.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect" && next) {
          window.location.replace(next);
          return null;
        }
        return response.text().then(function (html) { swap(html, form); });
      })
      .catch(function () { HTMLFormElement.prototype.submit.call(form); })
      .then(function () { form.removeAttribute("data-busy"); });
  });
})();
