// The error summary of a form (includes/error_summary.html), loaded on staff and public pages alike.
// When a page opens with one, the focus goes to it, so a screen reader reads the errors first; a click on
// an error focuses its field (for a group of checkboxes or radios: its first option) instead of only
// scrolling, and shows the field's label or legend with it (the GOV.UK error summary).
(function () {
  "use strict";

  function fieldOf(target) {
    if (target.matches("input, select, textarea, button")) { return target; }
    return target.querySelector("input:not([type=hidden]), select, textarea");
  }

  function focusField(event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var field = target && fieldOf(target);
    if (!field) { return; }
    event.preventDefault();
    var caption = target.closest("fieldset") || document.querySelector("label[for='" + field.id + "']") || field;
    caption.scrollIntoView();
    field.focus({ preventScroll: true });
  }

  function focusSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("click", focusField);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
})();
