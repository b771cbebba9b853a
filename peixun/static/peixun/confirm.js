// Destructive actions ask first (peixun/core/confirm.py). Their buttons are links to a confirmation
// page; here the same page's question opens in place, in a dialog, and its Confirm button posts as
// the page would. Anything unexpected (an old browser, a refusal, no network) opens the page instead.
(function () {
  if (typeof HTMLDialogElement !== "function" || !window.fetch) {
    return;
  }
  var dialog = null;

  function theDialog() {
    if (dialog === null) {
      dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      dialog.setAttribute("aria-labelledby", "confirm-title");
      dialog.addEventListener("click", function (event) {
        // Cancel, or a click on the backdrop outside the box, closes it and changes nothing.
        if (event.target === dialog || event.target.closest("[data-confirm-cancel]")) {
          event.preventDefault();
          dialog.close();
        }
      });
      dialog.addEventListener("close", function () {
        dialog.replaceChildren();
        if (dialog.opener && document.contains(dialog.opener)) {
          dialog.opener.focus();
        }
      });
      document.body.appendChild(dialog);
    }
    return dialog;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-confirm]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    fetch(link.href, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        // A refusal, or a redirect (to the login page, say), is shown as a page, not in the dialog.
        if (!response.ok || response.redirected) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var box = theDialog();
        box.opener = link;
        box.innerHTML = html;
        box.showModal();
        var first = box.querySelector("textarea, input:not([type=hidden]), select");
        (first || box.querySelector("[data-confirm-cancel]")).focus();
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();
