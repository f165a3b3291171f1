// A select with data-autosubmit sends its form when changed (the unit picker of a campaign's checklist).
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
