// Village picker (sigap/regions/forms.py): keyboard and tap selection for the htmx listbox.
// htmx fetches the options; this file only opens/closes the list, moves the highlight
// (aria-activedescendant) and copies the chosen code into the hidden input. No inline scripts (CSP).
(function () {
  "use strict";

  function parts(element) {
    var root = element && element.closest("[data-village-picker]");
    if (!root) {
      return null;
    }
    return {
      root: root,
      input: root.querySelector("[data-vp-input]"),
      value: root.querySelector("[data-vp-value]"),
      list: root.querySelector("[data-vp-list]"),
      status: root.querySelector("[data-vp-status]"),
      all: root.querySelector("[data-vp-all]")
    };
  }

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option][data-code]"));
  }

  function setOpen(p, open) {
    p.list.hidden = !open;
    p.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      p.input.removeAttribute("aria-activedescendant");
    }
  }

  function highlight(p, index) {
    var items = options(p);
    items.forEach(function (item, i) {
      var on = i === index;
      item.setAttribute("aria-selected", on ? "true" : "false");
      item.classList.toggle("active", on);
      if (on) {
        p.input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function current(p) {
    return options(p).findIndex(function (item) {
      return item.getAttribute("aria-selected") === "true";
    });
  }

  function choose(p, item) {
    p.value.value = item.getAttribute("data-code");
    p.input.value = item.getAttribute("data-label");
    p.status.textContent = p.input.value;
    setOpen(p, false);
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Options arrived: open the list and announce how many were found.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.matches("[data-vp-list]")) {
      return;
    }
    var p = parts(target);
    var count = options(p).length;
    setOpen(p, target.children.length > 0);
    var message = target.querySelector("[data-vp-message]:not([data-vp-scope])");
    p.status.textContent = count > 0 ? String(count) : message ? message.textContent : "";
  });

  // Typing invalidates an earlier choice: the code is only set by choosing from the list.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-vp-input]")) {
      parts(event.target).value.value = "";
    }
  });

  // "Search all of Indonesia" re-runs the search with the new scope.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-vp-all]")) {
      var p = parts(event.target);
      if (window.htmx && p.input.value.trim().length > 0) {
        window.htmx.trigger(p.input, "vp-refresh");
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches("[data-vp-input]")) {
      return;
    }
    var p = parts(event.target);
    var items = options(p);
    var index = current(p);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (items.length === 0) {
        return;
      }
      event.preventDefault();
      setOpen(p, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      highlight(p, index < 0 ? (step > 0 ? 0 : items.length - 1) : (index + step + items.length) % items.length);
    } else if (event.key === "Enter" && !p.list.hidden) {
      // Enter picks the highlighted village instead of submitting the form.
      event.preventDefault();
      if (index >= 0) {
        choose(p, items[index]);
      } else if (items.length === 1) {
        choose(p, items[0]);
      }
    } else if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      setOpen(p, false);
    }
  });

  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest("[data-vp-list] [role=option][data-code]");
    if (item) {
      var p = parts(item);
      choose(p, item);
      p.input.focus();
      return;
    }
    // A tap elsewhere closes every open list.
    document.querySelectorAll("[data-village-picker]").forEach(function (root) {
      if (!root.contains(event.target)) {
        setOpen(parts(root), false);
      }
    });
  });
})();
