// Keeps a bulk message's progress up to date without a reload: polls its JSON counts until
// the send is done. The page is complete without this script; labels come from the server.
(() => {
  "use strict";
  const DELAY = 5000;

  function update(root, data) {
    for (const cell of root.querySelectorAll("[data-field]")) {
      const value = data[cell.dataset.field];
      if (value !== undefined) cell.textContent = String(value);
    }
  }

  function poll(root) {
    fetch(root.dataset.bulkProgress, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        update(root, data);
        if (!data.done) window.setTimeout(() => poll(root), DELAY);
      })
      .catch(() => window.setTimeout(() => poll(root), DELAY * 3));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-bulk-progress]");
    if (root && !("done" in root.dataset)) window.setTimeout(() => poll(root), DELAY);
  });
})();
