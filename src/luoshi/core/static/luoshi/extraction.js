// A long directive's decomposition runs outside the request: follow its status URL, move the bar by
// the expected time for its length, and open the result (reload the page) when it is done.
(function () {
  "use strict";
  var card = document.getElementById("extraction");
  if (!card || card.dataset.status === "failed") { return; }
  var url = card.dataset.statusUrl;
  var chars = parseInt(card.dataset.chars, 10) || 0;
  var expected = 3 + chars / 150000;  // seconds: the engine and the database writes together
  var started = Date.now();
  var bar = card.querySelector("[data-role=bar]");
  var label = card.querySelector("[data-role=label]");
  var elapsed = card.querySelector("[data-role=elapsed]");

  function show() {
    var seconds = (Date.now() - started) / 1000;
    var percent = Math.min(95, Math.round(100 * seconds / expected));
    bar.style.width = percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", String(percent));
    elapsed.textContent = "已用 " + Math.round(seconds) + " 秒";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job && (job.status === "done" || job.status === "failed")) {
          bar.style.width = "100%";
          window.location.reload();
          return;
        }
        if (job) { label.textContent = job.status_label; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  show();
  window.setInterval(show, 500);
  window.setTimeout(poll, 1000);
})();
