// The classroom check-in screen: a new code as each one expires, without reloading the page; the
// count of officials checked in every few seconds; a countdown to the next code; a reload when
// check-in opens or closes.
(function () {
  // Check-in opens and closes at set times: the page reloads then to show the code, or that it closed.
  var timed = document.querySelector("[data-reload-in]");
  if (timed) {
    window.setTimeout(function () {
      window.location.reload();
    }, parseFloat(timed.dataset.reloadIn) * 1000);
  }
  var screen = document.querySelector("[data-code-url]");
  if (!screen) {
    return;
  }
  var COUNT_EVERY_MS = 5000;
  var RETRY_MS = 3000;
  var codeUrl = screen.dataset.codeUrl;
  var period = parseFloat(screen.dataset.period) || 30;
  var deadline = Date.now() + parseFloat(screen.dataset.expiresIn) * 1000;
  var nextFetch = Math.min(deadline, Date.now() + COUNT_EVERY_MS);
  var fetching = false;
  var figure = screen.querySelector("[data-testid=checkin-code]");
  var link = screen.querySelector("[data-code-link]");
  var count = screen.querySelector("[data-testid=checkin-count]");
  var timer = screen.querySelector("[data-testid=checkin-timer]");
  var bar = timer.querySelector(".ci-bar");
  var fill = bar.querySelector("span");
  var seconds = timer.querySelector("[data-countdown-text]");

  function tick() {
    var left = Math.max(0, (deadline - Date.now()) / 1000);
    fill.style.width = Math.min(100, (100 * left) / period) + "%";
    bar.setAttribute("aria-valuenow", String(Math.ceil(left)));
    if (!timer.classList.contains("offline")) {
      seconds.textContent = screen.dataset.countdown.replace("{s}", String(Math.ceil(left)));
    }
    figure.classList.toggle("stale", left <= 0);
    if (!fetching && Date.now() >= nextFetch) {
      load();
    }
  }

  function load() {
    fetching = true;
    fetch(codeUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (data.open === false) {
          window.location.reload();
          return;
        }
        if (figure.dataset.url !== data.url) {
          figure.innerHTML = data.svg;
          figure.dataset.url = data.url;
          link.textContent = data.url;
        }
        count.textContent = data.count_text;
        period = data.period;
        deadline = Date.now() + data.expires_in * 1000;
        // Right at the turn of a code the server may still answer with the old one: ask again shortly.
        nextFetch = Math.min(Date.now() + COUNT_EVERY_MS, deadline + (data.expires_in < 0.5 ? 600 : 0));
        timer.classList.remove("offline");
      })
      .catch(function () {
        timer.classList.add("offline");
        seconds.textContent = screen.dataset.offline;
        nextFetch = Date.now() + RETRY_MS;
      })
      .finally(function () {
        fetching = false;
        tick();
      });
  }

  var full = screen.querySelector("[data-fullscreen]");
  if (full && document.fullscreenEnabled) {
    full.hidden = false;
    full.addEventListener("click", function () {
      screen.requestFullscreen();
    });
  }

  tick();
  window.setInterval(tick, 250);
})();
