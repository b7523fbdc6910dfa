// Entry form questions: show only the questions of the chosen category, and the organisers'
// eligibility message as soon as an answer that makes the entry ineligible is chosen.
// Without this script every question shows and the server says the same on saving.
(() => {
  "use strict";
  const form = document.querySelector(".entry-form");
  if (!form) return;
  const questions = Array.from(form.querySelectorAll("[data-question]"));
  if (!questions.length) return;
  const category = form.querySelector("select[name='category']");

  const showCategory = () => {
    const chosen = category ? category.value : "";
    for (const question of questions) {
      const ids = question.dataset.categories.split(" ").filter(Boolean);
      question.hidden = ids.length > 0 && !ids.includes(chosen);
    }
  };

  const checkEligibility = (question) => {
    const message = question.querySelector("[data-ineligible-message]");
    if (!message) return;
    const rule = question.dataset.ineligibleValues.split(" ").filter(Boolean);
    const chosen = Array.from(question.querySelectorAll("input:checked"), (input) => input.value);
    message.hidden = !chosen.some((value) => rule.includes(value));
  };

  if (category) category.addEventListener("change", showCategory);
  for (const question of questions) {
    question.addEventListener("change", () => checkEligibility(question));
  }
  showCategory();
})();
