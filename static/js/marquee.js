// Small progressive enhancements shared by every page. No framework, no inline script (CSP).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});

// Sign-up: start from the page's language and the browser's time zone, which the server
// cannot know. Only options that exist are picked; the person can still change them.
document.querySelectorAll("select[data-guess]").forEach((select) => {
  const guess = select.dataset.guess === "time-zone"
    ? Intl.DateTimeFormat().resolvedOptions().timeZone
    : document.documentElement.lang;
  if (guess && Array.from(select.options).some((option) => option.value === guess)) {
    select.value = guess;
  }
});
