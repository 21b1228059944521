// The outreach visit form keeps what is typed in this tab's sessionStorage until the form is saved (D44).
// sessionStorage, not localStorage: it dies with the tab, so nothing is left on a shared computer for the next
// person, and it is never sent anywhere. The draft is kept per form (its page path), restored when the same page
// is opened again in the tab (a reload after a lost connection), and forgotten when the visit page confirms the
// save (data-draft-done). No dependency; without sessionStorage (private mode, disabled) the form works as before.
(function () {
  "use strict";

  var PREFIX = "sigap-outreach-draft:";

  function store() {
    try {
      var probe = PREFIX + "probe";
      window.sessionStorage.setItem(probe, "1");
      window.sessionStorage.removeItem(probe);
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  var storage = store();
  if (!storage) {
    return;
  }

  // The visit page after a successful save: forget the drafts it names.
  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-done]"), function (marker) {
    storage.removeItem(PREFIX + marker.getAttribute("data-draft-done"));
  });

  function kept(element) {
    // Never the CSRF token, hidden fields (the server sets them) or the picker's search box.
    return element.name && element.name !== "csrfmiddlewaretoken" && element.type !== "hidden" &&
      element.type !== "submit" && element.type !== "file" && !/_q$|_all$/.test(element.name);
  }

  function collect(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) {
        return;
      }
      fields[element.name] = fields[element.name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) {
          fields[element.name].push(element.value);
        }
      } else {
        fields[element.name].push(element.value);
      }
    });
    // The village is a hidden code with a visible label: keep both so the picker shows the choice again.
    var village = form.querySelector("input[type=hidden][name=village]");
    if (village) {
      var label = form.querySelector("input[name=village_q]");
      fields["village"] = [village.value];
      fields["village_label"] = [label ? label.value : ""];
    }
    return fields;
  }

  function restore(form, fields) {
    Array.prototype.forEach.call(form.elements, function (element) {
      var values = fields[element.name];
      if (!values || !kept(element)) {
        return;
      }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else {
        element.value = values[0];
      }
    });
    var village = form.querySelector("input[type=hidden][name=village]");
    if (village && fields["village"] && fields["village"][0]) {
      village.value = fields["village"][0];
      var search = form.querySelector("input[name=village_q]");
      if (search && fields["village_label"]) {
        search.value = fields["village_label"][0];
      }
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var saved = storage.getItem(key);
    // A page the server re-rendered after a refused submit already shows what was typed: keep it as it is.
    if (saved && !form.hasAttribute("data-bound")) {
      try {
        restore(form, JSON.parse(saved));
      } catch (error) {
        storage.removeItem(key);
      }
    }
    function keep() {
      try {
        storage.setItem(key, JSON.stringify(collect(form)));
      } catch (error) {
        // Storage full or refused: the form still works, only the draft is not kept.
      }
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", keep);
  });
})();
