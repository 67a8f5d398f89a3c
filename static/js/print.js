// The "Print" button of a printable page (the report, the poster): shown only when this script
// runs (otherwise Ctrl+P or the browser's menu prints, as the page explains).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("#print-report, #print-poster").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
