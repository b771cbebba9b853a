/* The main menu's groups are <details>: they open and close without this script. With it, opening one
   closes the others, and a click elsewhere or Escape closes them all, as people expect of a menu. */
(function () {
  "use strict";
  function groups() { return document.querySelectorAll(".mainnav details.menu-group"); }
  function closeAll(except) {
    groups().forEach(function (group) { if (group !== except) group.open = false; });
  }
  document.addEventListener("toggle", function (event) {
    var group = event.target;
    if (group.matches && group.matches(".mainnav details.menu-group") && group.open) closeAll(group);
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".mainnav details.menu-group")) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(".mainnav details.menu-group[open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
})();
