// Quick exit (Keluar cepat) of the public reporting pages, after the GOV.UK Design System's "Exit this
// page": the button, or Shift pressed three times within five seconds, replaces this page with a
// neutral site (location.replace: "back" does not return here). Without JavaScript the button is a
// plain link. The link's href is the configured neutral site (SIGAP_PUBLIC_EXIT_URL).
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var status = document.getElementById("quick-exit-status");
  var leaving = false;
  function leave(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    try {
      // Hide the content at once: the neutral site may take a moment to load.
      document.body.className += " exiting";
      document.title = "…";
    } catch (e) { /* the page is left anyway */ }
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  // role="button": Space activates it like a button (Enter already follows the link).
  link.addEventListener("keydown", function (event) {
    if (event.key === " " || event.key === "Spacebar") { leave(event); }
  });
  var presses = 0;
  var timer = null;
  function say(text) { if (status) { status.textContent = text; } }
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    if (timer) { window.clearTimeout(timer); }
    if (presses >= 3) { presses = 0; say(""); leave(null); return; }
    say(link.getAttribute("data-left-" + (3 - presses)) || "");
    timer = window.setTimeout(function () { presses = 0; say(""); }, 5000);
  });
})();
