// Keeps the film's validation status on the entry page up to date without a reload: polls
// the entries API while the verdict is pending, and again after an upload completes. The
// page is complete without this script; every text comes translated from the server.
(() => {
  "use strict";
  const FINAL = new Set(["valid", "invalid"]);
  const FIRST_DELAY = 2000;
  const MAX_DELAY = 15000;

  function text(root, video) {
    if (!video) return root.dataset.msgNone;
    if (video.status === "validating" && video.probe_checked_at) return root.dataset.msgProbed;
    return root.dataset["msg" + video.status.charAt(0).toUpperCase() + video.status.slice(1)] || "";
  }

  function renderReasons(root, list, reasons) {
    list.replaceChildren();
    for (const reason of reasons || []) {
      const item = document.createElement("li");
      item.dataset.code = reason.code;
      const message = document.createElement("strong");
      message.textContent = reason.message;
      const code = document.createElement("code");
      code.textContent = reason.code;
      item.append(message, " ", code, document.createElement("br"),
        root.dataset.msgWhat + " " + reason.what_to_do);
      list.append(item);
    }
    list.hidden = list.children.length === 0;
  }

  function render(root, video) {
    const badge = root.querySelector("[data-video-badge]");
    const name = root.querySelector("[data-video-filename]");
    root.dataset.status = video ? video.status : "";
    if (video) {
      badge.hidden = false;
      badge.className = "status status-" + video.status;
      badge.textContent = video.status_label;
      name.textContent = video.original_filename;
    }
    root.querySelector("[data-video-text]").textContent = text(root, video);
    renderReasons(root, root.querySelector("[data-video-reasons]"), video ? video.reasons : []);
  }

  function watch(root) {
    let timer = null;
    let delay = FIRST_DELAY;
    async function poll() {
      timer = null;
      try {
        const response = await fetch(root.dataset.url, {
          credentials: "same-origin", headers: { Accept: "application/json" },
        });
        if (response.ok) {
          const entry = await response.json();
          render(root, entry.video);
          if (entry.video && FINAL.has(entry.video.status)) return;
        }
      } catch (error) {
        // Offline for a moment: try again later.
      }
      delay = Math.min(delay * 1.5, MAX_DELAY);
      timer = setTimeout(poll, delay);
    }
    function start() {
      delay = FIRST_DELAY;
      if (timer) clearTimeout(timer);
      timer = setTimeout(poll, delay);
    }
    document.addEventListener("marquee:upload-complete", start);
    if (root.dataset.status && !FINAL.has(root.dataset.status)) start();
  }

  function init() {
    document.querySelectorAll("[data-video-status]").forEach(watch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
