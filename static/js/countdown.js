// Live countdown to a contest's deadline and the deadline in the browser's own time zone.
// The server already renders the remaining time and the deadline in the contest's and the
// user's time zone, so the page is complete without this script.
(() => {
  "use strict";
  const lang = document.documentElement.lang || undefined;
  const UNITS = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  const formatters = new Map();

  function formatUnit(unit, value) {
    if (!formatters.has(unit)) {
      formatters.set(unit, new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "long" }));
    }
    return formatters.get(unit).format(value);
  }

  function remaining(seconds) {
    const parts = [];
    let rest = seconds;
    for (const [unit, size] of UNITS) {
      const value = Math.floor(rest / size);
      rest -= value * size;
      // Leading zeros are dropped; seconds show only in the last day.
      if ((value > 0 || parts.length > 0) && !(unit === "second" && seconds >= 86400)) {
        parts.push(formatUnit(unit, value));
      }
    }
    return parts.join(" ");
  }

  function tick(element) {
    const target = Date.parse(element.dataset.countdownTo);
    if (Number.isNaN(target)) return;
    const update = () => {
      const seconds = Math.floor((target - Date.now()) / 1000);
      if (seconds <= 0) {
        element.textContent = element.dataset.doneText || "";
        clearInterval(timer);
        return;
      }
      element.textContent = remaining(seconds);
    };
    const timer = setInterval(update, 1000);
    update();
  }

  function showLocalTime(element) {
    const moment = new Date(element.dataset.localTime);
    if (Number.isNaN(moment.getTime())) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    element.textContent = new Intl.DateTimeFormat(lang, {
      dateStyle: "full", timeStyle: "short",
    }).format(moment);
    const row = element.closest("[data-local-time-row]");
    if (row) {
      const zoneLabel = row.querySelector("[data-local-zone]");
      if (zoneLabel) zoneLabel.textContent = zone;
      row.hidden = false;
    }
  }

  document.querySelectorAll("[data-countdown-to]").forEach(tick);
  document.querySelectorAll("[data-local-time]").forEach(showLocalTime);
})();
