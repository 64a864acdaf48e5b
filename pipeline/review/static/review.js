// thaipress review desk: keyboard shortcuts and small conveniences. The page works without this file.
(function () {
  "use strict";

  const items = () => Array.from(document.querySelectorAll("article.item"));
  let current = null;

  function select(item, scroll) {
    if (!item) return;
    if (current) current.classList.remove("current");
    document.querySelectorAll(".repair-chip.current").forEach((c) => c.classList.remove("current"));
    current = item;
    item.classList.add("current");
    const chip = document.querySelector('.repair-chip[data-item="' + item.dataset.item + '"]');
    if (chip) chip.classList.add("current");
    if (scroll) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    item.focus({ preventScroll: !scroll });
  }

  function move(step) {
    const all = items();
    if (!all.length) return;
    const at = all.indexOf(current);
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    select(all[next], true);
  }

  function submit(kind) {
    if (!current) return;
    const form = current.querySelector("form.decide." + kind);
    const button = form && form.querySelector("button[type=submit]");
    if (!form || (button && button.disabled)) {
      flash(current, "Nothing to accept here: edit (e) or reject (r).");
      return;
    }
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  function flash(item, message) {
    let note = item.querySelector(".note");
    if (!note) {
      note = document.createElement("p");
      note.className = "note";
      note.setAttribute("role", "status");
      item.appendChild(note);
    }
    note.textContent = message;
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": submit("accept"); break;
      case "r": submit("reject"); break;
      case "e": {
        const field = current && current.querySelector(".edit-value");
        if (field) { field.focus(); if (field.select) field.select(); }
        break;
      }
      case "s": {
        const summary = document.querySelector(".summary-edit textarea");
        if (summary) { select(summary.closest("article.item"), true); summary.focus(); }
        break;
      }
      case "?": {
        const help = document.getElementById("help");
        if (help) help.hidden = !help.hidden;
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const candidate = event.target.closest("button.candidate");
    if (candidate) {
      const field = candidate.closest("article.item").querySelector(".edit-value");
      if (field) { field.value = candidate.dataset.fill; field.focus(); }
      return;
    }
    const chip = event.target.closest(".repair-chip[data-item]");
    if (chip) select(document.getElementById("item-" + chip.dataset.item), true);
    const item = event.target.closest("article.item");
    if (item && item !== current) select(item, false);
  });

  document.addEventListener("DOMContentLoaded", function () {
    const hash = window.location.hash && document.getElementById(window.location.hash.slice(1));
    const target = hash && hash.matches("article.item") ? hash : items().find((i) => i.dataset.open === "1");
    if (target) select(target, Boolean(hash));
  });
})();
