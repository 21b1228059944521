// The idle warning and the restored draft (sigap/accounts/drafts.py). No browser storage: staff share computers.
(function () {
  "use strict";

  // --- A form sent after the session ended: the server kept its fields; put them back. ---
  function restoreDraft() {
    var data = document.getElementById("kept-draft");
    if (!data) {
      return;
    }
    var draft = JSON.parse(data.textContent);
    var form = Array.prototype.find.call(document.forms, function (candidate) {
      return new URL(candidate.action, window.location.href).pathname === draft.action;
    });
    if (!form) {
      return;
    }
    var first = null;
    Object.keys(draft.fields).forEach(function (name) {
      var values = draft.fields[name];
      var used = 0;
      Array.prototype.forEach.call(form.elements, function (element) {
        // Hidden fields keep what the server put there now; only what the user typed or chose comes back.
        if (element.name !== name || element.type === "hidden" || element.type === "file") {
          return;
        }
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values.indexOf(element.value) !== -1;
        } else if (element.multiple) {
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
        } else if (used < values.length) {
          element.value = values[used];
          used += 1;
        }
        first = first || element;
      });
    });
    if (first) {
      first.focus();
    }
  }

  // --- The idle warning ---
  var dialog = document.getElementById("session-warning");
  if (!dialog) {
    restoreDraft();
    return;
  }
  var idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  // What this page really has: a page read moves the server's idle clock at most once a minute.
  var leftMs = Number(dialog.dataset.leftSeconds || dialog.dataset.idleSeconds) * 1000;
  var warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  var deadline = 0;
  var lastPing = Date.now();
  var warnTimer = null;
  var tickTimer = null;
  var ended = false;
  var left = document.getElementById("session-warning-left");
  var text = document.getElementById("session-warning-text");
  // At most one ping a minute while typing (a quarter of the idle time when that is shorter).
  var TYPING_PING_MS = Math.min(60 * 1000, idleMs / 4);

  function format(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    return minutes + ":" + String(seconds % 60).padStart(2, "0");
  }

  function tick() {
    var remaining = deadline - Date.now();
    if (remaining <= 0) {
      showEnded();
      return;
    }
    left.textContent = format(remaining);
  }

  function showEnded() {
    ended = true;
    clearInterval(tickTimer);
    text.textContent = text.dataset.ended;
    if (!dialog.open) {
      dialog.showModal();
    }
  }

  function showWarning() {
    if (ended) {
      return;
    }
    tick();
    if (!dialog.open) {
      dialog.showModal(); // moves the focus into the dialog (the autofocus button); Esc closes it
    }
    clearInterval(tickTimer);
    tickTimer = setInterval(tick, 1000);
  }

  // The server's idle clock restarted (this page, a ping, any partial update): so does this one, from
  // the time the server says is left (a whole idle time after a ping).
  function restart(ms) {
    if (ended) {
      return;
    }
    var left = typeof ms === "number" && ms >= 0 ? ms : idleMs;
    deadline = Date.now() + left;
    clearTimeout(warnTimer);
    clearInterval(tickTimer);
    warnTimer = setTimeout(showWarning, Math.max(0, left - warnMs));
  }

  function ping() {
    lastPing = Date.now();
    return fetch(dialog.dataset.pingUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // a session that has ended answers with the login page: not a success
      headers: { "X-CSRFToken": dialog.dataset.csrf, "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.ok && json) {
          restart();
        } else {
          showEnded();
        }
      })
      .catch(function () {
        // Offline for a moment: the warning stays as it is; the next "Continue" tries again.
      });
  }

  document.getElementById("session-continue").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("close", function () {
    if (!ended) {
      ping();
    }
  });
  // Typing in a form is activity: at most one ping a minute while the user types.
  document.addEventListener("input", function (event) {
    if (event.target.form && !ended && Date.now() - lastPing > TYPING_PING_MS) {
      ping();
    }
  });
  // A partial update says how long its session has left (sigap.accounts.middleware.IDLE_LEFT_HEADER).
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var header = xhr ? xhr.getResponseHeader("X-Sigap-Idle-Left") : null;
    restart(header === null ? undefined : Number(header) * 1000);
  });

  restart(leftMs);
  restoreDraft();
})();
