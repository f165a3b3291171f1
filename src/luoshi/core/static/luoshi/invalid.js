// A page that comes back with a form error shows it: the first error (a field Django marked
// aria-invalid, a field's message, a form's own message) is opened if it sits in a closed <details> or
// collapse, and its row (the field with its label and message, or a decomposition card with its note)
// is brought to the middle of the screen, clear of the sticky bars by the row's scroll-margin (or to the
// top, below the bar, when it is taller than the room between them); its field takes the cursor.
// What was typed stays.
document.addEventListener("DOMContentLoaded", function () {
  var first = document.querySelector(
    'form [aria-invalid="true"], form .is-invalid, form .invalid-feedback, form .alert-danger'
  );
  if (!first) return;
  for (var el = first.parentElement; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") el.open = true;
    if (el.classList.contains("collapse")) el.classList.add("show");
  }
  var form = first.closest("form");
  var field = first.matches("input, select, textarea")
    ? first
    : form.querySelector('[aria-invalid="true"], .is-invalid') ||
      form.querySelector("input:not([type=hidden]), select, textarea");
  var row = first.closest(".ls-req-card, .ls-field") || first;
  var margin = getComputedStyle(row);
  var room = window.innerHeight - parseFloat(margin.scrollMarginTop) - parseFloat(margin.scrollMarginBottom);
  row.scrollIntoView({ block: row.getBoundingClientRect().height <= room ? "center" : "start", behavior: "instant" });
  if (field) field.focus({ preventScroll: true });
});
