// Identification form: the AMPK sub-type is asked only for the AMPK category (the server checks it too).
(function () {
  "use strict";
  var category = document.getElementById("id_category");
  var subtype = document.getElementById("subtype-field");
  if (!category || !subtype) { return; }
  function sync() { subtype.hidden = category.value !== "AMPK"; }
  category.addEventListener("change", sync);
  sync();
})();
