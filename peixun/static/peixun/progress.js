/* While a form's request runs (a timetable build), each element inside the form with data-poll asks
   its address for news every second and shows the answer; it stops when the form's answer arrives.
   Written here rather than as an htmx trigger filter: those are evaluated as code, which the
   Content-Security-Policy refuses. */
(function () {
  "use strict";
  var timers = new Map();
  function stop(element) {
    clearInterval(timers.get(element));
    timers.delete(element);
  }
  function ask(element) {
    fetch(element.dataset.poll, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && timers.has(element)) element.innerHTML = html; })
      .catch(function () { /* the next tick asks again */ });
  }
  function pollers(event) {
    var form = event.detail.elt;
    return form && form.matches && form.matches("form") ? form.querySelectorAll("[data-poll]") : [];
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    pollers(event).forEach(function (element) {
      stop(element);
      timers.set(element, setInterval(function () { ask(element); }, 1000));
    });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    pollers(event).forEach(stop);
  });
})();
