// One key for every page: "/" puts the cursor in the search box (the search page's own, else the header's),
// unless the reader is already typing in a field. Nothing else: pages work without this script.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  const box = document.getElementById("search-query") || document.querySelector(".masthead input[type=search]");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
