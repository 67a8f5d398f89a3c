// The poster's print button: shown only when scripts run (printing also works from the menu).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-poster");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
