// Quick exit (Keluar cepat) of the public reporting page: leave at once and replace this page in
// the browser history, so "back" does not return to it. Without JavaScript the button is a plain link.
// The Escape key pressed twice leaves too.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    try { document.body.textContent = ""; } catch (e) { /* the page is left anyway */ }
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 800) { leave(event); }
    lastEscape = now;
  });
})();
