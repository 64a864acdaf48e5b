// thaipress review desk: keyboard shortcuts, text selection for entities, small conveniences.
// Every page works without this file; it only saves clicks.
(function () {
  "use strict";

  const items = () => Array.from(document.querySelectorAll("article.item"));
  const rows = () => Array.from(document.querySelectorAll("tr.queue-row"));
  let current = null;
  let currentRow = null;

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
    if (!all.length) return moveRow(step);
    const at = all.indexOf(current);
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    select(all[next], true);
  }

  function moveRow(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.indexOf(currentRow);
    const next = at < 0 ? 0 : Math.min(all.length - 1, Math.max(0, at + step));
    if (currentRow) currentRow.classList.remove("current");
    currentRow = all[next];
    currentRow.classList.add("current");
    currentRow.scrollIntoView({ block: "nearest" });
  }

  function follow(selector) {
    const link = document.querySelector(selector);
    if (link) window.location.href = link.href;
  }

  function submit(kind) {
    if (!current) return;
    const form = current.querySelector("form.decide." + kind);
    const button = form && form.querySelector("button[type=submit]");
    if (!form || (button && button.disabled)) {
      flash(current, kind === "accept" ? "Nothing to accept here: edit (e) or reject (r)." : "Nothing to " + kind + " here.");
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
    // Ctrl+Enter (Cmd+Enter) saves the field being typed in: the summary, an edit value.
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && typing(event.target)) {
      const form = event.target.closest("form");
      if (form) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.submit(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter":
        if (currentRow) window.location.href = currentRow.dataset.href;
        else return;
        break;
      case "a": submit("accept"); break;
      case "r": submit("reject"); break;
      case "o": submit("reopen"); break;
      case "u": {
        const undo = document.getElementById("undo");
        if (undo) undo.requestSubmit ? undo.requestSubmit() : undo.submit();
        break;
      }
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
      case "n": case "]": follow('a[rel="next"]'); break;
      case "p": case "[": follow('a[rel="prev"]'); break;
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

  // ---- entities by selection: offsets count release text only (not label badges or repair chips) ----

  function countedTextNodes(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement && node.parentElement.closest("[data-skip]")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function offsetOf(root, container, offset) {
    // Characters of counted text from the start of root to the boundary point (container, offset).
    const range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(container, offset);
    return countedTextNodes(range.cloneContents()).reduce((n, node) => n + node.length, 0);
  }

  function selectionOffsets(root) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return null;
    const nodes = countedTextNodes(root);
    let start = offsetOf(root, range.startContainer, range.startOffset);
    let end = offsetOf(root, range.endContainer, range.endOffset);
    const text = nodes.map((n) => n.data).join("");
    while (start < end && /\s/.test(text[start])) start++;  // a double click takes the space after a word
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end <= start) return null;
    const base = parseInt(root.dataset.offset || "0", 10);
    return { start: base + start, end: base + end, text: text.slice(start, end), range: range };
  }

  function markUnder(range) {
    const marks = Array.from(document.querySelectorAll("#release-text mark[data-entity]"));
    const hit = marks.filter((m) => range.intersectsNode(m));
    return hit.length === 1 ? hit[0] : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const hash = window.location.hash && document.getElementById(window.location.hash.slice(1));
    const target = hash && hash.matches("article.item") ? hash : items().find((i) => i.dataset.open === "1");
    if (target) select(target, Boolean(hash));

    const root = document.getElementById("release-text");
    const tools = document.getElementById("selection-tools");
    if (!root || !tools) return;
    const moveButton = tools.querySelector("button.move");
    const position = tools.querySelector('input[name="position"]');
    function update() {
      const found = selectionOffsets(root);
      if (!found) return;
      tools.elements.start.value = found.start;
      tools.elements.end.value = found.end;
      tools.querySelector(".selected-text").textContent = "“" + found.text + "”";
      const mark = markUnder(found.range);
      const id = mark && mark.dataset.entity;
      if (id) {
        const [pos, version] = id.split(":");
        position.disabled = false;
        position.value = pos;
        let versionField = tools.querySelector('input[name="expected_version"]');
        if (!versionField) {
          versionField = document.createElement("input");
          versionField.type = "hidden";
          versionField.name = "expected_version";
          tools.appendChild(versionField);
        }
        versionField.value = version || "1";
        const label = Array.from(mark.classList).find((c) => c.startsWith("ent-") && c !== "ent-from-repair");
        if (label) tools.elements.label.value = label.slice(4);
        tools.querySelector(".move-name").textContent = "“" + mark.firstChild.textContent + "”";
        moveButton.hidden = false;
      } else {
        position.disabled = true;
        moveButton.hidden = true;
      }
      tools.hidden = false;
    }
    root.addEventListener("mouseup", () => setTimeout(update, 0));
    root.addEventListener("keyup", (event) => { if (event.shiftKey) update(); });
    tools.querySelector("button.cancel").addEventListener("click", () => {
      tools.hidden = true;
      window.getSelection().removeAllRanges();
    });
  });
})();
