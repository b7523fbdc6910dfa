// Scoring page: keyboard marks, autosaved drafts with an optimistic version check, submit.
// The form works without this file (plain POST); this only makes it faster and safer.
(function () {
  "use strict";
  // Named gettext so that makemessages -d djangojs finds the strings; the catalog may be absent.
  const gettext = (text) => (window.gettext ? window.gettext(text) : text);
  const AUTOSAVE_DELAY_MS = 2000;

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  const form = document.querySelector("form.judging-rubric");
  if (!form) return;
  const canScore = form.dataset.canScore === "true";
  const status = form.querySelector("[data-status]");
  const versionInput = form.querySelector("input[name=version]");
  const criteria = Array.from(form.querySelectorAll("fieldset.criterion"));
  let version = parseInt(form.dataset.version, 10) || 0;
  let dirty = false;
  let timer = null;
  let saving = null;
  let stopped = !canScore;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function csrfToken() {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function payload() {
    const marks = {};
    criteria.forEach((fieldset) => {
      const checked = fieldset.querySelector("input[type=radio]:checked");
      marks[fieldset.dataset.criterion] = checked ? parseInt(checked.value, 10) : null;
    });
    return { marks: marks, comment: form.querySelector("textarea[name=comment]").value };
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (error) { data = {}; }
    return { ok: response.ok, status: response.status, data: data };
  }

  function stop(message) {
    // A newer version exists elsewhere: never overwrite it, ask for a reload instead.
    stopped = true;
    clearTimeout(timer);
    criteria.forEach((fieldset) => { fieldset.disabled = true; });
    form.querySelector("textarea[name=comment]").disabled = true;
    form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
    say(message + " " + gettext("Reload the page to continue."), true);
  }

  async function save() {
    if (stopped || !dirty) return true;
    if (saving) return saving;
    dirty = false;
    say(gettext("Saving…"));
    saving = (async () => {
      try {
        const result = await post(form.dataset.draftUrl, { ...payload(), version: version });
        if (result.ok) {
          version = result.data.version;
          versionInput.value = version;
          say(gettext("Draft saved at") + " " + new Date().toLocaleTimeString());
          return true;
        }
        if (result.status === 409 || result.status === 403) {
          stop(result.data.message || gettext("This score can no longer be saved."));
        } else {
          say(result.data.message || gettext("The draft could not be saved."), true);
        }
        return false;
      } catch (error) {
        dirty = true;
        say(gettext("Not saved yet: the connection failed. Retrying…"), true);
        schedule();
        return false;
      } finally {
        saving = null;
      }
    })();
    return saving;
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  }

  function changed() {
    if (stopped) return;
    dirty = true;
    say(gettext("Unsaved changes"));
    schedule();
  }

  form.addEventListener("change", changed);
  form.querySelector("textarea[name=comment]").addEventListener("input", changed);

  form.addEventListener("submit", async (event) => {
    if (stopped) { event.preventDefault(); return; }
    event.preventDefault();
    const action = event.submitter ? event.submitter.value : "save";
    clearTimeout(timer);
    dirty = true;
    if (!(await save())) return;
    if (action !== "submit") return;
    if (!window.confirm(gettext("Submit this score? You will not be able to change it afterwards."))) return;
    const result = await post(form.dataset.submitUrl, { version: version });
    if (result.ok) {
      window.location.reload();
    } else if (result.status === 409) {
      stop(result.data.message);
    } else {
      say(result.data.message || gettext("The score could not be submitted."), true);
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty || saving) {
      save();
      event.preventDefault();
    }
  });

  // Keyboard: a digit gives that mark to the criterion in focus (0 means 10) and moves on.
  function fieldsetInFocus() {
    const active = document.activeElement;
    return active ? active.closest("fieldset.criterion") : null;
  }

  function focusCriterion(fieldset) {
    if (!fieldset) return;
    const target = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
    if (target) target.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest("textarea, input[type=text], select");
    if (typing) return;
    if (event.key === "[" || event.key === "]") {
      const link = document.querySelector(`a[data-shortcut="${event.key}"]`);
      if (link) window.location.href = link.href;
      return;
    }
    if (!canScore || stopped || !/^[0-9]$/.test(event.key)) return;
    const fieldset = fieldsetInFocus() || criteria.find((f) => !f.querySelector("input:checked"));
    if (!fieldset) return;
    const mark = event.key === "0" ? "10" : event.key;
    const input = fieldset.querySelector(`input[value="${mark}"]`);
    if (!input) return;
    event.preventDefault();
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    focusCriterion(criteria[criteria.indexOf(fieldset) + 1] || fieldset);
  });
})();
