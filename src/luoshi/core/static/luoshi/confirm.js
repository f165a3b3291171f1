// A form that asks before it submits: <form data-confirm="确定…？">. In a file, not an onsubmit attribute,
// so the pages' Content-Security-Policy can refuse every inline script.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
