// A textarea with data-draft="key" keeps what is typed in the browser (localStorage) until the page says
// it was sent (an element with data-draft-sent="key"): a phone that loses its signal or closes the tab
// still has the text. In a file, not inline, so the Content-Security-Policy refuses every inline script.
(function () {
  var prefix = "luoshi-draft:";
  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  var storage = store();
  if (!storage) { return; }
  document.querySelectorAll("[data-draft-sent]").forEach(function (sent) {
    storage.removeItem(prefix + sent.getAttribute("data-draft-sent"));
  });
  document.querySelectorAll("textarea[data-draft]").forEach(function (area) {
    var key = prefix + area.getAttribute("data-draft");
    var kept = storage.getItem(key);
    if (kept && !area.value) { area.value = kept; }
    area.addEventListener("input", function () {
      if (area.value) { storage.setItem(key, area.value); } else { storage.removeItem(key); }
    });
  });
})();
