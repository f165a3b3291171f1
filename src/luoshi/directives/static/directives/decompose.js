// 任务分解: select all rows, count the selection, and when a row's lead unit is picked anew clear the
// 分管领导 picked for the one before, so the new lead's 分管领导 follows from the oversight (or is picked).
(function () {
  "use strict";
  var form = document.getElementById("decompose");
  if (!form) { return; }
  var all = document.getElementById("select-all");
  var count = document.getElementById("selected-count");
  function boxes() { return form.querySelectorAll('input[name="selected"]'); }
  function recount() {
    var n = 0;
    boxes().forEach(function (box) { if (box.checked) { n += 1; } });
    if (count) { count.textContent = n; }
    if (all) { all.checked = n === boxes().length; all.indeterminate = n > 0 && n < boxes().length; }
  }
  if (all) {
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      recount();
    });
  }
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "selected") { recount(); }
    var name = target.dataset ? target.dataset.name || "" : "";
    if (target.hasAttribute("data-picker") && name.indexOf("lead-") === 0) {
      var leader = form.querySelector('[data-picker][data-name="leader-' + name.slice(5) + '"] .ls-picked');
      if (leader) { leader.replaceChildren(); }
    }
  });
  recount();
}());
