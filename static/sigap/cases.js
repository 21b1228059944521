// Open-case form: show the AMPK sub-type only when the category is AMPK (the server checks it too).
(function () {
  "use strict";
  var category = document.getElementById("id_category");
  var subtype = document.getElementById("id_category_subtype");
  if (!category || !subtype) { return; }
  var wrapper = subtype.closest(".mb-3");
  function sync() {
    var ampk = category.value === "AMPK";
    if (wrapper) { wrapper.classList.toggle("d-none", !ampk); }
    if (!ampk) { subtype.value = ""; }
  }
  category.addEventListener("change", sync);
  sync();
})();
