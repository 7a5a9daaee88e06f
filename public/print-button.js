// The Print button of the print pages, which are sent without React: it appears only where
// scripts run (elsewhere the page says to use the browser's own Print, Ctrl+P).
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
