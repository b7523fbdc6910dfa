// Entry form: add credit rows without a round trip, and move focus to the error summary.
// Without this script the form still works: it always offers one empty credit row.
(() => {
  "use strict";
  const form = document.querySelector(".entry-form");
  if (!form) return;

  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();

  const rows = form.querySelector("[data-credit-rows]");
  const template = form.querySelector("template[data-credit-template]");
  const addButton = form.querySelector("[data-add-credit]");
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const max = form.querySelector("input[name$='-MAX_NUM_FORMS']");
  if (!rows || !template || !addButton || !total) return;

  addButton.hidden = false;
  addButton.addEventListener("click", () => {
    const index = Number(total.value);
    if (max && index >= Number(max.value)) return;
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = rows.lastElementChild;
    const first = added && added.querySelector("input, select, textarea");
    if (first) first.focus();
  });
})();
