// Incident form: suggest the GBVIMS core type from the ticked violence types and TPKS forms.
// Mirrors sigap/cases/services/incident.py suggest_gbv_type (the decision order of domain.md C.4);
// the user confirms the type, and the server never trusts this script.
(function () {
  "use strict";
  var select = document.querySelector("[data-gbv-suggest]");
  var out = document.getElementById("gbv-suggestion");
  if (!select || !out) { return; }
  var RAPE = ["PERKOSAAN"];
  var NON_CONTACT = ["PELECEHAN_NONFISIK", "KSBE", "TPPU_ASAL_TPKS"];
  var FORCED_MARRIAGE = ["PEMAKSAAN_PERKAWINAN"];
  var BODILY = ["PEMAKSAAN_KONTRASEPSI", "PEMAKSAAN_STERILISASI"];
  function ticked(name) {
    return Array.prototype.map.call(document.querySelectorAll("input[name='" + name + "']:checked"), function (el) { return el.value; });
  }
  function any(list, values) { return values.some(function (v) { return list.indexOf(v) !== -1; }); }
  function suggest() {
    var types = ticked("violence_types"), forms = ticked("tpks_forms");
    var contact = forms.filter(function (f) { return RAPE.concat(NON_CONTACT, FORCED_MARRIAGE, BODILY).indexOf(f) === -1; });
    var order = [
      ["RAPE", any(RAPE, forms)],
      ["SEXUAL_ASSAULT", contact.length > 0 || (types.indexOf("SEKSUAL") !== -1 && forms.length === 0)],
      ["PHYSICAL_ASSAULT", types.indexOf("FISIK") !== -1 || any(BODILY, forms)],
      ["FORCED_MARRIAGE", any(FORCED_MARRIAGE, forms)],
      ["DENIAL_OF_RESOURCES", any(["PENELANTARAN", "EKSPLOITASI"], types)],
      ["PSYCHOLOGICAL_ABUSE", types.indexOf("PSIKIS") !== -1 || any(NON_CONTACT, forms)]
    ];
    for (var i = 0; i < order.length; i++) {
      if (order[i][1]) { return order[i][0]; }
    }
    return "";
  }
  // The dropdown follows the suggestion until the user picks a type by hand (walk of #12: ticking
  // "sexual" after "physical" left "physical assault" chosen beside a sexual-assault hint). A type
  // already chosen when the page opens (an edit, or a form sent back) counts as picked by hand.
  var byHand = !!select.value;
  select.addEventListener("change", function () { byHand = true; });
  function show() {
    var code = suggest();
    var option = code ? select.querySelector("option[value='" + code + "']") : null;
    out.textContent = option ? (out.dataset.prefix || "Suggested:") + " " + option.textContent : "";
    if (option && !byHand) { select.value = code; }
  }
  document.addEventListener("change", function (event) {
    var name = event.target && event.target.name;
    if (name === "violence_types" || name === "tpks_forms") { show(); }
  });
  show();
}());
