// Row selection on a list: <input type="checkbox" data-select-all> ticks every row box (name="task"),
// the line marked data-selection-count says how many are ticked, and buttons marked
// data-needs-selection stay disabled until one is. A file, not inline script, for the pages' CSP.
(function () {
  var boxes = function () { return document.querySelectorAll('input[type="checkbox"][name="task"]'); };
  var all = document.querySelector("[data-select-all]");
  var count = document.querySelector("[data-selection-count]");
  var hint = count ? count.textContent : "";

  function refresh() {
    var ticked = 0, rows = boxes();
    rows.forEach(function (box) { if (box.checked) { ticked += 1; } });
    if (count) { count.textContent = ticked ? "已选 " + ticked + " 项" : hint; }
    document.querySelectorAll("[data-needs-selection]").forEach(function (button) { button.disabled = !ticked; });
    if (all) {
      all.checked = rows.length > 0 && ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    }
  }

  if (all) {
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      refresh();
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "task") { refresh(); }
  });
  refresh();
})();
