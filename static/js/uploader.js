// Resumable film upload for the entry page: tus to this server, or S3 multipart straight to the
// bucket. Progress with speed and time left; retries with backoff; after a reload the same file
// continues where it stopped (the upload's address is kept in localStorage under a fingerprint).
(function () {
  "use strict";

  const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
  const S3_KEY_PREFIX = "marquee-s3-upload::";

  function formatBytes(bytes) {
    const units = ["B", "KB", "MB", "GB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
  }

  function formatDuration(seconds) {
    if (!Number.isFinite(seconds)) return "…";
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  }

  // Speed over the last few seconds, so a stall shows at once and a burst does not mislead.
  class SpeedMeter {
    constructor(windowMs) {
      this.windowMs = windowMs;
      this.samples = [];
    }

    add(bytes) {
      const now = performance.now();
      this.samples.push([now, bytes]);
      while (this.samples.length > 2 && now - this.samples[0][0] > this.windowMs) this.samples.shift();
      const [t0, b0] = this.samples[0];
      return now > t0 ? ((bytes - b0) * 1000) / (now - t0) : 0;
    }
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function retryable(status) {
    return !status || status === 409 || status === 423 || status === 429 || status >= 500;
  }

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function withRetries(task, onRetry) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await task();
      } catch (error) {
        if (!retryable(error.status) || attempt >= RETRY_DELAYS.length - 1) throw error;
        onRetry(error);
        await sleep(RETRY_DELAYS[attempt + 1]);
      }
    }
  }

  // Direct-to-bucket multipart upload, resumed by listing the parts the bucket already holds.
  class S3Upload {
    constructor(file, options) {
      this.file = file;
      this.options = options;
      this.key = S3_KEY_PREFIX + options.fingerprint;
      this.aborted = false;
      this.xhr = null;
    }

    async api(method, url, body) {
      const response = await fetch(url, {
        method,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.options.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        const data = await response.json().catch(() => ({}));
        throw new HttpError(response.status, data.message || response.statusText);
      }
      return response.status === 204 ? null : response.json();
    }

    putPart(url, blob, onProgress) {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        this.xhr = xhr;
        xhr.open("PUT", url);
        xhr.upload.onprogress = (event) => onProgress(event.loaded);
        xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new HttpError(xhr.status, xhr.statusText)));
        xhr.onerror = () => reject(new HttpError(0, "network error"));
        xhr.onabort = () => reject(new HttpError(-1, "aborted"));
        xhr.send(blob);
      });
    }

    async start() {
      const { endpoints, onProgress, onSuccess, onError, onRetry } = this.options;
      try {
        let state = JSON.parse(localStorage.getItem(this.key) || "null");
        if (!state) {
          const started = await this.api("POST", endpoints.start, {
            entry: Number(this.options.entry), filename: this.file.name, length: this.file.size,
          });
          state = {
            id: started.id, partSize: started.part_size, partCount: started.part_count, filename: this.file.name,
          };
          localStorage.setItem(this.key, JSON.stringify(state));
        }
        const base = endpoints.upload.replace("00000000-0000-0000-0000-000000000000", state.id);
        const stored = await withRetries(() => this.api("GET", `${base}parts/`), onRetry);
        const done = new Map(stored.parts.map((part) => [part.part_number, part.size]));
        let confirmed = stored.offset;
        onProgress(confirmed, this.file.size);
        for (let number = 1; number <= state.partCount; number += 1) {
          if (this.aborted) return;
          if (done.has(number)) continue;
          const blob = this.file.slice((number - 1) * state.partSize, number * state.partSize);
          await withRetries(async () => {
            const { urls } = await this.api("POST", `${base}parts/`, { part_numbers: [number] });
            await this.putPart(urls[String(number)], blob, (loaded) => onProgress(confirmed + loaded, this.file.size));
          }, onRetry);
          confirmed += blob.size;
        }
        await withRetries(() => this.api("POST", `${base}complete/`), onRetry);
        localStorage.removeItem(this.key);
        onSuccess();
      } catch (error) {
        if (!this.aborted) {
          if (error.status === 404 || error.status === 413) localStorage.removeItem(this.key);
          onError(error);
        }
      }
    }

    abort() {
      this.aborted = true;
      if (this.xhr) this.xhr.abort();
      return Promise.resolve();
    }
  }

  class Uploader {
    constructor(root) {
      this.root = root;
      this.input = root.querySelector("[data-uploader-input]");
      this.fileName = root.querySelector("[data-uploader-filename]");
      this.progress = root.querySelector("[data-uploader-progress]");
      this.status = root.querySelector("[data-uploader-status]");
      this.pauseButton = root.querySelector("[data-uploader-pause]");
      this.resumeButton = root.querySelector("[data-uploader-resume]");
      this.messages = root.dataset;
      this.upload = null;
      this.input.addEventListener("change", () => this.choose());
      this.pauseButton.addEventListener("click", () => this.pause());
      this.resumeButton.addEventListener("click", () => this.resume());
      window.addEventListener("online", () => this.upload && this.paused === "offline" && this.resume());
      this.announcePending();
    }

    say(text) {
      this.status.textContent = text;
    }

    fingerprint(file) {
      return ["marquee", this.root.dataset.entry, file.name, file.type, file.size, file.lastModified].join("-");
    }

    // After a reload the browser needs the file again; tell the entrant which one continues.
    announcePending() {
      const marker = `marquee-${this.root.dataset.entry}-`;
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (!key || key.indexOf(marker) === -1) continue;
        let stored = {};
        try {
          stored = JSON.parse(localStorage.getItem(key)) || {};
        } catch (ignored) {
          continue;
        }
        const name = (stored.metadata && stored.metadata.filename) || stored.filename;
        if (name) {
          this.say(fill(this.messages.msgPending, { name }));
          return;
        }
      }
    }

    check(file) {
      const allowed = this.root.dataset.extensions.split(",");
      const lower = file.name.toLowerCase();
      if (!allowed.some((ext) => lower.endsWith(ext))) return this.messages.msgBadType;
      if (file.size > Number(this.root.dataset.maxBytes)) return this.messages.msgTooLarge;
      return null;
    }

    choose() {
      const file = this.input.files[0];
      if (!file) return;
      this.fileName.textContent = file.name;
      const problem = this.check(file);
      if (problem) {
        this.say(problem);
        return;
      }
      this.meter = new SpeedMeter(8000);
      this.progress.hidden = false;
      this.progress.value = 0;
      this.input.disabled = true;
      const options = {
        entry: this.root.dataset.entry,
        csrfToken: this.root.querySelector("input[name=csrfmiddlewaretoken]").value,
        fingerprint: this.fingerprint(file),
        onProgress: (sent, total) => this.showProgress(sent, total),
        onSuccess: () => this.done(),
        onError: (error) => this.failed(error),
        onRetry: () => this.say(this.messages.msgRetrying),
      };
      this.upload = this.root.dataset.mode === "s3" ? this.s3Upload(file, options) : this.tusUpload(file, options);
      this.resume();
    }

    tusUpload(file, options) {
      const upload = new window.tus.Upload(file, {
        endpoint: this.root.dataset.endpoint,
        chunkSize: Number(this.root.dataset.chunkSize),
        retryDelays: RETRY_DELAYS,
        metadata: { filename: file.name, filetype: file.type, entry: options.entry },
        headers: { "X-CSRFToken": options.csrfToken },
        fingerprint: () => Promise.resolve(options.fingerprint),
        removeFingerprintOnSuccess: true,
        onProgress: options.onProgress,
        onSuccess: options.onSuccess,
        onError: options.onError,
        onShouldRetry: (error, attempt) => {
          const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
          const again = retryable(status);
          if (again) options.onRetry();
          return again && attempt < RETRY_DELAYS.length;
        },
      });
      return {
        start: () =>
          upload.findPreviousUploads().then((previous) => {
            if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
            upload.start();
          }),
        abort: () => upload.abort(),
      };
    }

    s3Upload(file, options) {
      const endpoints = { start: this.root.dataset.s3Start, upload: this.root.dataset.s3Upload };
      const current = { upload: null };
      return {
        start: () => {
          current.upload = new S3Upload(file, { ...options, endpoints });
          return current.upload.start();
        },
        abort: () => current.upload && current.upload.abort(),
      };
    }

    showProgress(sent, total) {
      const speed = this.meter.add(sent);
      const percent = total ? Math.floor((sent / total) * 100) : 0;
      this.progress.value = percent;
      this.progress.textContent = `${percent} %`;
      this.say(fill(this.messages.msgProgress, {
        percent, sent: formatBytes(sent), total: formatBytes(total),
        speed: formatBytes(speed), left: formatDuration(speed > 0 ? (total - sent) / speed : Infinity),
      }));
    }

    pause(reason) {
      if (!this.upload) return;
      this.paused = reason || "user";
      this.upload.abort();
      this.pauseButton.hidden = true;
      this.resumeButton.hidden = false;
      this.say(reason === "offline" ? this.messages.msgOffline : this.messages.msgPaused);
    }

    resume() {
      this.paused = null;
      this.pauseButton.hidden = false;
      this.resumeButton.hidden = true;
      this.say(this.messages.msgStarting);
      this.upload.start();
    }

    done() {
      this.progress.value = 100;
      this.pauseButton.hidden = true;
      this.say(this.messages.msgDone);
      this.root.dispatchEvent(new CustomEvent("marquee:upload-complete", { bubbles: true }));
      setTimeout(() => window.location.reload(), 1500);
    }

    failed(error) {
      if (!navigator.onLine) {
        this.pause("offline");
        return;
      }
      this.input.disabled = false;
      this.pauseButton.hidden = true;
      this.resumeButton.hidden = false;
      let message = error.message || String(error);
      const body = error.originalResponse ? error.originalResponse.getBody() : "";
      try {
        message = JSON.parse(body).message || message;
      } catch (ignored) {
        // The body was not JSON: keep the client's own message.
      }
      this.say(fill(this.messages.msgFailed, { reason: message }));
    }
  }

  function init() {
    document.querySelectorAll("[data-uploader]").forEach((root) => new Uploader(root));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
