// 任务分解: select all rows, count the selection, and when a row's lead unit changes pick that unit's
// 分管领导 (the page carries unit → leader as data-leaders on the form).
(function () {
  "use strict";
  var form = document.getElementById("decompose");
  if (!form) { return; }
  var leaders = JSON.parse(form.dataset.leaders || "{}");
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
    if (target.dataset && target.dataset.leader) {
      var leader = document.getElementById(target.dataset.leader);
      if (leader) { leader.value = String(leaders[target.value] || ""); }
    }
  });
  recount();
}());
