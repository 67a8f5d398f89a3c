// The report's "Print" button: shown only when this script runs (otherwise Ctrl+P is explained).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-report");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
