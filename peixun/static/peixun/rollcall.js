// Roll call: "All present" marks everyone on the page at once (save to record it), the counts follow
// the marks as they are tapped, and an excused official's reason is required before saving.
(function () {
  var form = document.getElementById("rollcall");
  if (!form) {
    return;
  }
  var rows = Array.prototype.slice.call(form.querySelectorAll(".rc-row"));
  var statuses = ["present", "late", "absent", "excused"];

  function statusOf(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
  }

  function show(row) {
    var status = statusOf(row);
    statuses.forEach(function (name) {
      row.classList.toggle("is-" + name, name === status);
    });
    var reason = row.querySelector(".rc-reason input");
    if (reason) {
      reason.required = status === "excused";
    }
  }

  function count() {
    var counts = { present: 0, late: 0, absent: 0, excused: 0, unmarked: 0 };
    rows.forEach(function (row) {
      counts[statusOf(row) || "unmarked"] += 1;
    });
    Object.keys(counts).forEach(function (name) {
      var output = form.querySelector("output[data-count=" + name + "]");
      if (output) {
        output.textContent = counts[name];
      }
    });
  }

  form.addEventListener("change", function (event) {
    var row = event.target.closest(".rc-row");
    if (!row || event.target.type !== "radio") {
      return;
    }
    row.classList.remove("needs-reason");
    show(row);
    count();
    if (event.target.value === "excused") {
      var reason = row.querySelector(".rc-reason input");
      if (reason && !reason.value) {
        reason.focus();
      }
    }
  });

  form.addEventListener("invalid", function (event) {
    var row = event.target.closest(".rc-row");
    if (row) {
      row.classList.add("needs-reason");
    }
  }, true);

  var all = document.getElementById("rollcall-all");
  if (all) {
    all.addEventListener("submit", function (event) {
      event.preventDefault();
      rows.forEach(function (row) {
        row.querySelector("input[value=present]").checked = true;
        show(row);
      });
      count();
      var hint = all.querySelector("[data-all-present-hint]");
      if (hint) {
        hint.hidden = false;
      }
    });
  }

  rows.forEach(show);
})();
