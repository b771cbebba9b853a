// Translation workbench: a memory suggestion is taken with one click; Ctrl+Enter saves as translated.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.wb-use[data-suggestion]");
    if (!button) {
      return;
    }
    var segment = button.closest(".wb-seg");
    var textarea = segment && segment.querySelector("textarea[name=target]");
    if (textarea) {
      textarea.value = button.dataset.suggestion;
      textarea.focus();
      segment.classList.add("wb-dirty");
    }
  });
  document.addEventListener("input", function (event) {
    var segment = event.target.closest && event.target.closest(".wb-seg");
    if (segment && event.target.name === "target") {
      segment.classList.add("wb-dirty");
    }
  });
  // A save that fails (network, server) keeps the text and says so, rather than failing silently.
  function failed(event) {
    var segment = event.target.closest && event.target.closest(".wb-seg");
    var list = document.querySelector(".wb-segments");
    if (!segment || !list) {
      return;
    }
    var note = segment.querySelector(".wb-failed");
    if (!note) {
      note = document.createElement("p");
      note.className = "field-error wb-failed";
      note.setAttribute("role", "alert");
      segment.querySelector(".wb-target").appendChild(note);
    }
    note.textContent = list.dataset.failed;
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.name === "target") {
      var form = event.target.form;
      var done = form && form.querySelector("button[value=translated]");
      if (done) {
        event.preventDefault();
        done.click();
      }
    }
  });
})();
