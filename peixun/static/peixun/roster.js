// Ask before a withdrawal: it frees the seat for the next on the waitlist at once.
(function () {
  var script = document.currentScript;
  var question = script ? script.dataset.ask : "";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm=withdraw]");
    if (button && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
