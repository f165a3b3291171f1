// The print pages' 打印 button: the browser's print dialog (scripts may not be inline, by the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
