/* aimsgraph UI: upload progress, job polling, review keyboard shortcuts, SPARQL console.
   Every string from the server is inserted with textContent, never as HTML. */
"use strict";

function csrf() {
  const main = document.getElementById("main");
  return main ? main.dataset.csrf || "" : "";
}

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function pollJob(id, onUpdate) {
  fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((job) => {
      onUpdate(job);
      if (job.status === "queued" || job.status === "running") {
        setTimeout(() => pollJob(id, onUpdate), 500);
      }
    })
    .catch(() => setTimeout(() => pollJob(id, onUpdate), 2000));
}

function showJob(job, stage, bar, result) {
  stage.textContent = job.status === "done" ? "Done" : job.status === "failed" ? "Failed" : "Processing: " + job.stage;
  bar.value = job.progress;
  result.replaceChildren();
  if (job.status === "done" && job.result) {
    const r = job.result;
    if (r.status === "duplicate") {
      result.append(el("span", "Already uploaded: this file is the same as ", { id: "duplicate-notice" }));
      result.append(el("a", r.title || r.document, { href: "/documents/" + encodeURIComponent(r.document) }));
      result.append(". Nothing new was stored; the details you typed are still in the form — to change the stored document's details, use Edit details on its page.");
      return;
    }
    result.append("Document ");
    result.append(el("a", r.title || r.document, { href: "/documents/" + encodeURIComponent(r.document) }));
    if (r.status === "rendition" || r.status === "duplicate") {
      result.append(el("span", ": " + r.message + ".", { id: "upload-same" }));
      return;
    }
    result.append(": " + r.passages + " passages, " + r.suggestions + " suggestions (" + r.status + "). ");
    if (r.status === "revision") {
      result.append("Reviewed evidence of the previous version: ");
      result.append(el("span", (r.carried_over || []).length, { id: "carried-over" }));
      result.append(" carried over, ");
      result.append(el("span", (r.needs_review || []).length, { id: "needs-review" }));
      result.append(" to review again. ");
    }
    result.append(el("a", "Review them", { href: "/review?document=" + encodeURIComponent(r.document), id: "review-link" }));
  } else if (job.status === "failed" && job.error) {
    const p = el("span", job.error.message + (job.error.hint ? " — " + job.error.hint : ""), { class: "error", role: "alert" });
    result.append(p);
  }
}

function clearProposal() {
  const box = document.getElementById("revision-proposal");
  if (box) { box.hidden = true; box.replaceChildren(); }
}

function showProposal(preview) {
  // What the server read in the chosen file: a rendition or duplicate of a stored document,
  // or documents it may be a new version of. A proposal is only chosen by the user's click.
  const box = document.getElementById("revision-proposal");
  const select = document.getElementById("revision_of");
  box.replaceChildren();
  if (preview.status === "rendition" || preview.status === "duplicate") {
    box.append(el("p", preview.message + ".", { class: "notice warn", id: "proposal-same" }));
  }
  (preview.candidates || []).slice(0, 3).forEach((c, n) => {
    const p = el("p", "", { class: "notice", id: "proposal-" + n });
    p.append("This file looks like a new version of ");
    p.append(el("a", c.title || c.id, { href: "/documents/" + encodeURIComponent(c.id) }));
    p.append(" (" + c.id + "): " + c.reasons.join("; ") + ". ");
    const yes = el("button", "Yes, a new version of it", { type: "button", class: "secondary", "data-document": c.id });
    yes.addEventListener("click", () => {
      select.value = c.id;
      p.replaceChildren("Will be uploaded as a new version of " + (c.title || c.id) + " (" + c.id + ").");
    });
    p.append(yes);
    box.append(p);
  });
  box.hidden = box.childElementCount === 0;
}

function setupProposal(form) {
  const input = document.getElementById("file");
  if (!input || !document.getElementById("revision-proposal")) return;
  input.addEventListener("change", () => {
    clearProposal();
    if (!input.files || !input.files.length) return;
    const data = new FormData();
    data.append("file", input.files[0]);
    fetch("/api/documents/candidates", {
      method: "POST", body: data, headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
    }).then((r) => (r.ok ? r.json() : null)).then((preview) => { if (preview) showProposal(preview); })
      .catch(() => {});
  });
}

function setupUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  setupProposal(form);
  const button = document.getElementById("upload-button");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (button.disabled) return;  // one upload at a time: no double submit
    button.disabled = true;
    const box = document.getElementById("upload-status");
    const stage = document.getElementById("upload-stage");
    const bar = document.getElementById("upload-progress");
    const result = document.getElementById("upload-result");
    const data = new FormData(form);
    data.delete("csrf");
    box.hidden = false;
    stage.textContent = "Uploading…";
    result.textContent = "";
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status >= 400) {
        stage.textContent = "Upload refused";
        const err = body.error || { message: "HTTP " + xhr.status };
        result.replaceChildren(el("span", err.message + (err.hint ? " — " + err.hint : ""), { class: "error", role: "alert" }));
        button.disabled = false;
        return;
      }
      bar.value = 0;
      pollJob(body.id, (job) => {
        showJob(job, stage, bar, result);
        if (job.status === "done" || job.status === "failed") button.disabled = false;
        // a stored document: the next file starts from an empty form (nothing of this one's
        // title, owner, dates or "new version of" is kept for it)
        if (job.status === "done" && job.result && ["new", "revision"].includes(job.result.status)) {
          form.reset();
          clearProposal();
        }
      });
    };
    xhr.onerror = () => { stage.textContent = "Upload failed: network error"; button.disabled = false; };
    xhr.send(data);
  });
}

function setupJobPage() {
  const box = document.getElementById("job");
  if (!box || !(box.dataset.status === "queued" || box.dataset.status === "running")) return;
  const stage = document.getElementById("job-stage");
  const bar = document.getElementById("job-progress");
  const result = document.getElementById("job-result");
  const status = document.getElementById("job-status");
  pollJob(box.dataset.job, (job) => { status.textContent = job.status; showJob(job, stage, bar, result); });
}

function setupReview() {
  // A page restored from the back/forward cache shows an item as it was: reload it, so a
  // keypress never decides an item the server has moved on from.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && document.getElementById("review")) { sessionStorage.setItem("aimsgraph-restored", "1"); window.location.reload(); }
  });
  const pickAll = document.getElementById("pick-all");
  if (pickAll) {
    pickAll.addEventListener("change", () => {
      document.querySelectorAll('input[name="pick"]').forEach((box) => { box.checked = pickAll.checked; });
    });
  }
  const review = document.getElementById("review");
  const click = (id) => { const b = document.getElementById(id); if (b) b.click(); };
  if (!review) {
    document.addEventListener("keydown", (event) => {
      const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && event.key === "u") click("undo");
    });
    return;
  }
  const index = Number(review.dataset.index);
  const count = Number(review.dataset.count);
  const base = review.dataset.base;
  // Back (or Forward) brings up whatever item is now at this place in the queue, not the
  // one read here before: the decision keys stay off on such a page until it is clicked.
  const nav = (performance.getEntriesByType("navigation")[0] || {}).type;
  let armed = !(nav === "back_forward" || sessionStorage.getItem("aimsgraph-restored"));
  sessionStorage.removeItem("aimsgraph-restored");
  const backNotice = document.getElementById("back-notice");
  if (!armed && backNotice) backNotice.hidden = false;
  const arm = () => { armed = true; if (backNotice) backNotice.hidden = true; };
  review.addEventListener("click", arm);
  // A comment typed on an item is kept for it while moving with j/k and coming back.
  const comment = document.getElementById("comment");
  const draftKey = "aimsgraph-draft-" + review.dataset.link;
  if (comment) {
    if (!comment.value && sessionStorage.getItem(draftKey)) comment.value = sessionStorage.getItem(draftKey);
    comment.addEventListener("input", () => { arm(); sessionStorage.setItem(draftKey, comment.value); });
  }
  const go = (i) => { window.location.href = "/review?" + (base ? base + "&" : "") + "i=" + i; };
  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
    if (event.key === "Escape" && typing) { event.target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = document.getElementById("retarget_to");
    switch (event.key) {
      case "j": if (index + 1 < count) go(index + 1); break;
      case "k": if (index > 0) go(index - 1); break;
      case "c": if (armed) click("confirm"); break;
      case "r": if (armed) click("reject"); break;
      case "u": click("undo"); break;
      case "t":
        if (target && target.value.trim() && armed) click("retarget");
        else if (target) { event.preventDefault(); target.focus(); }
        break;
      case "m": { const c = document.getElementById("comment"); if (c) { event.preventDefault(); c.focus(); } break; }
      default: return;
    }
  });
  const target = document.getElementById("retarget_to");
  if (target) target.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); click("retarget"); } });
  // One decision per page: a second keypress while the first posts is ignored.
  const form = document.getElementById("decide-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      sessionStorage.removeItem(draftKey);
    });
  }
}

// The SoA editor saves one row at a time and the page reloads: the unsaved edits of the
// other rows are carried over the reload (sessionStorage) and marked, never dropped.
function setupSoa() {
  const table = document.getElementById("soa-table");
  if (!table) return;
  const key = "aimsgraph-soa-unsaved";
  const fields = () => Array.from(table.querySelectorAll("input[form], select[form]"));
  const changed = (f) => {
    if (f.tagName !== "SELECT") return f.value !== f.defaultValue;
    const initial = Array.from(f.options).findIndex((o) => o.defaultSelected);
    return f.selectedIndex !== (initial < 0 ? 0 : initial);
  };
  let kept = {};
  try { kept = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { kept = {}; }
  sessionStorage.removeItem(key);
  let restored = 0;
  fields().forEach((f) => {
    if (!(f.id in kept) || f.getAttribute("aria-invalid") === "true") return;
    f.value = kept[f.id];
    const row = f.closest("tr");
    if (row) row.classList.add("unsaved");
    restored += 1;
  });
  const notice = document.getElementById("soa-kept");
  if (restored && notice) notice.hidden = false;
  table.querySelectorAll("form").forEach((form) => {
    form.addEventListener("submit", () => {
      const unsaved = {};
      fields().forEach((f) => { if (f.getAttribute("form") !== form.id && changed(f)) unsaved[f.id] = f.value; });
      sessionStorage.setItem(key, JSON.stringify(unsaved));
    });
  });
}

function renderResults(data, box) {
  box.replaceChildren();
  if (typeof data.boolean === "boolean") { box.append(el("p", "ASK: " + data.boolean, { id: "ask-result" })); return 0; }
  const vars = data.head.vars;
  const table = el("table", null, { id: "results-table" });
  const head = el("tr");
  vars.forEach((v) => head.append(el("th", v, { scope: "col" })));
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
  const body = el("tbody");
  data.results.bindings.forEach((row) => {
    const tr = el("tr");
    vars.forEach((v) => tr.append(el("td", row[v] ? row[v].value : "")));
    body.append(tr);
  });
  table.append(body);
  box.append(table);
  return data.results.bindings.length;
}

function setupConsole() {
  const form = document.getElementById("console-form");
  if (!form) return;
  const query = document.getElementById("query");
  const status = document.getElementById("results-status");
  const box = document.getElementById("results");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    status.textContent = "Running…";
    const started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: query.value,
    }).then(async (r) => {
      const type = r.headers.get("content-type") || "";
      const ms = Math.round(performance.now() - started);
      if (!r.ok) {
        const body = await r.json().catch(() => ({ error: { message: "HTTP " + r.status } }));
        status.textContent = "Error: " + body.error.message + (body.error.hint ? " — " + body.error.hint : "");
        box.replaceChildren();
        return;
      }
      if (type.startsWith("text/turtle")) {
        box.replaceChildren(el("pre", await r.text(), { id: "graph-result" }));
        status.textContent = "Graph result in " + ms + " ms";
        return;
      }
      const rows = renderResults(await r.json(), box);
      const cut = r.headers.get("Aimsgraph-Result-Truncated");
      status.textContent = rows + " rows in " + ms + " ms" + (cut ? " (capped at " + cut + " rows)" : "");
    }).catch((e) => { status.textContent = "Error: " + e; });
  });
  query.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); } });
}

function openTargetDetails() {
  const open = () => {
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    const details = target ? target.closest("details") : null;
    if (details) { details.open = true; target.scrollIntoView(); }
  };
  open();
  window.addEventListener("hashchange", open);
}

document.addEventListener("DOMContentLoaded", () => {
  openTargetDetails();
  setupUpload();
  setupJobPage();
  setupReview();
  setupSoa();
  setupConsole();
});
