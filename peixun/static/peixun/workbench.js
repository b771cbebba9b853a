// Translation workbench: a memory suggestion is taken with one click; Ctrl+Enter saves as translated.
// The tags of a segment's original (bold words, links, breaks) are typed as {1}…{/1} and {2/}: a tag's
// button puts it at the cursor (a pair around the selection), F8 or "Insert the next tag" puts the first
// tag the box lacks, "Copy the original's tags" every tag it lacks, in the original's order.
(function () {
  function dirty(segment) {
    segment.classList.add("wb-dirty");
  }
  function boxOf(element) {
    var segment = element.closest(".wb-seg");
    return segment && segment.querySelector("textarea[name=target]");
  }
  function insert(textarea, before, after) {
    var start = textarea.selectionStart, end = textarea.selectionEnd, value = textarea.value;
    var chosen = value.slice(start, end);
    textarea.value = value.slice(0, start) + before + chosen + (after || "") + value.slice(end);
    var caret = start + before.length + chosen.length + (after ? after.length : 0);
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    dirty(textarea.closest(".wb-seg"));
  }
  // The original's tags in order, as typed: "1o 1c 2e" -> ["{1}", "{/1}", "{2/}"].
  function order(textarea) {
    var chips = textarea.closest(".wb-seg").querySelector(".wb-chips");
    if (!chips) {
      return [];
    }
    return chips.dataset.order.trim().split(/\s+/).filter(Boolean).map(function (item) {
      var number = item.slice(0, -1), role = item.slice(-1);
      return role === "o" ? "{" + number + "}" : role === "c" ? "{/" + number + "}" : "{" + number + "/}";
    });
  }
  function missing(textarea) {
    // A doubled brace is a brace of the text, never a tag.
    var value = textarea.value.replace(/\{\{|\}\}/g, "  ");
    return order(textarea).filter(function (tag) {
      return value.indexOf(tag) === -1;
    });
  }
  function insertNext(textarea) {
    var next = missing(textarea)[0];
    if (next) {
      insert(textarea, next);
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.wb-use[data-suggestion]");
    if (button) {
      var textarea = boxOf(button);
      if (textarea) {
        textarea.value = button.dataset.suggestion;
        textarea.focus();
        dirty(textarea.closest(".wb-seg"));
      }
      return;
    }
    var chip = event.target.closest("button.wb-chip, button.wb-chip-next, button.wb-chip-copy");
    if (!chip) {
      return;
    }
    var box = boxOf(chip);
    if (!box) {
      return;
    }
    if (chip.classList.contains("wb-chip")) {
      insert(box, chip.dataset.chip, chip.dataset.closing);
    } else if (chip.classList.contains("wb-chip-next")) {
      insertNext(box);
    } else {
      insert(box, missing(box).join(""));
    }
  });
  // A button takes the focus from the box on click: keep the box's selection for it.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("button.wb-chip, button.wb-chip-next, button.wb-chip-copy")) {
      event.preventDefault();
    }
  });
  document.addEventListener("input", function (event) {
    var segment = event.target.closest && event.target.closest(".wb-seg");
    if (segment && event.target.name === "target") {
      dirty(segment);
    }
  });
  // Why the server refused a save (4xx): a plain-text answer, or the refusal page's reason; else "".
  function reasonOf(xhr) {
    if (!xhr || xhr.status < 400 || xhr.status >= 500) {
      return "";
    }
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/plain") === 0) {
      return xhr.responseText.trim();
    }
    if (type.indexOf("text/html") === 0) {
      var reason = new DOMParser().parseFromString(xhr.responseText, "text/html").querySelector(".reason");
      return reason ? reason.textContent.trim() : "";
    }
    return "";
  }
  // A save that fails keeps the text and says why: the server's reason when it refused with one, that
  // Peixun had an error (5xx), or that the connection failed, rather than failing silently.
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
    var xhr = event.detail && event.detail.xhr;
    var reason = reasonOf(xhr);
    if (reason) {
      note.textContent = list.dataset.refused.replace("{reason}", reason);
    } else if (event.type === "htmx:responseError" && xhr && xhr.status >= 500) {
      note.textContent = list.dataset.broken;
    } else {
      note.textContent = list.dataset.failed;
    }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("keydown", function (event) {
    if (event.target.name !== "target") {
      return;
    }
    if (event.key === "F8") {
      event.preventDefault();
      insertNext(event.target);
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = event.target.form;
      var done = form && form.querySelector("button[value=translated]");
      if (done) {
        event.preventDefault();
        done.click();
      }
    }
  });
})();
