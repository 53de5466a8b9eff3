// The page re-cut tool: click a line of the page text, then split, pick a headline or move a
// boundary; the table of offsets (what is posted) and the colours follow. Without JS the
// table alone does the job. No library: the admin must work offline.
(function () {
  "use strict";
  var form = document.getElementById("recut-form");
  var pane = document.getElementById("recut-text");
  var toolbar = document.getElementById("recut-toolbar");
  if (!form || !pane || !toolbar) return;
  var tbody = form.querySelector("tbody");
  var rowsInput = document.getElementById("recut-rows");
  var lines = Array.prototype.slice.call(pane.querySelectorAll(".recut-line"));
  var selected = null;
  var COLOURS = 12;

  function field(tr, name) { return tr.querySelector('input[name$="-' + name + '"]'); }
  function num(input) { return input && input.value !== "" ? parseInt(input.value, 10) : null; }

  // The plan as the table holds it: rows with a span, in page order.
  function plan() {
    return Array.prototype.slice.call(tbody.querySelectorAll("tr")).map(function (tr) {
      return { tr: tr, start: num(field(tr, "start")), end: num(field(tr, "end")),
        headline: num(field(tr, "headline")), headlineEnd: num(field(tr, "headline_end")) };
    }).filter(function (row) { return row.start !== null && row.end !== null; })
      .sort(function (a, b) { return a.start - b.start; });
  }

  function setRow(row, values) {
    Object.keys(values).forEach(function (name) {
      var input = field(row.tr, name === "headlineEnd" ? "headline_end" : name);
      if (input) input.value = values[name] === null ? "" : String(values[name]);
    });
  }

  function blankRow() {
    var index = tbody.querySelectorAll("tr").length;
    var template = tbody.querySelector("tr.recut-new");
    var tr = template.cloneNode(true);
    tr.dataset.row = String(index);
    tr.className = "recut-new";
    tr.querySelectorAll("input, label").forEach(function (node) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) node.setAttribute(attribute, value.replace(/^row-\d+-/, "row-" + index + "-"));
      });
      if (node.tagName === "INPUT") node.value = "";
    });
    tbody.appendChild(tr);
    rowsInput.value = String(index + 1);
    return { tr: tr };
  }

  function emptyRowOrNew() {
    var free = Array.prototype.slice.call(tbody.querySelectorAll("tr.recut-new")).filter(function (tr) {
      return !field(tr, "start").value && !field(tr, "end").value;
    });
    return free.length ? { tr: free[0] } : blankRow();
  }

  function lineEndAt(offset) {
    var found = lines.filter(function (l) { return +l.dataset.start <= offset && offset <= +l.dataset.end; })[0];
    return found ? +found.dataset.end : offset;
  }

  function lineOf(element) { return { start: +element.dataset.start, end: +element.dataset.end, element: element }; }

  function paint() {
    var rows = plan();
    lines.forEach(function (element) {
      var line = lineOf(element);
      element.className = element.className.replace(/\s*(span-\d+|is-headline|is-first)/g, "");
      var owner = -1;
      rows.forEach(function (row, index) { if (row.start <= line.start && line.start < row.end) owner = index; });
      if (owner < 0) return;
      var row = rows[owner];
      element.classList.add("span-" + (owner % COLOURS));
      if (row.headline !== null && row.headline <= line.start && line.start < (row.headlineEnd || line.end)) {
        element.classList.add("is-headline");
      }
      if (line.start <= row.start) element.classList.add("is-first");
    });
    Array.prototype.slice.call(tbody.querySelectorAll("tr")).forEach(function (tr) {
      tr.className = tr.className.replace(/\s*span-\d+/g, "");
    });
    rows.forEach(function (row, index) { row.tr.classList.add("span-" + (index % COLOURS)); });
  }

  function select(element) {
    if (selected) selected.classList.remove("is-selected");
    selected = element;
    element.classList.add("is-selected");
    toolbar.hidden = false;
    var line = lineOf(element);
    var text = element.querySelector(".recut-line-text").textContent.trim();
    document.getElementById("recut-selected").textContent =
      "已选第 " + line.start + " 字起的一行：" + (text.length > 24 ? text.slice(0, 24) + "…" : text);
  }

  pane.addEventListener("click", function (event) {
    var element = event.target.closest(".recut-line");
    if (element) select(element);
  });

  function act(action) {
    if (!selected) return;
    var line = lineOf(selected);
    var rows = plan();
    var index = -1;
    rows.forEach(function (row, i) { if (row.start <= line.start && line.start < row.end) index = i; });
    var row = rows[index];
    var previous = rows[index - 1];
    var following = rows[index + 1];
    if (action === "split") {
      if (!row || line.start <= row.start) return;
      var added = emptyRowOrNew();
      setRow(added, { start: line.start, end: row.end, headline: line.start, headlineEnd: line.end });
      var keeps = row.headline !== null && row.headline < line.start;
      setRow(row, { end: line.start, headline: keeps ? row.headline : null, headlineEnd: keeps ? row.headlineEnd : null });
    } else if (action === "headline") {
      if (row) setRow(row, { headline: line.start, headlineEnd: line.end });
    } else if (action === "headline-extend") {
      // Two-line headlines, a kicker above or a subtitle below: grow the range to this line.
      if (!row) return;
      if (row.headline === null) setRow(row, { headline: line.start, headlineEnd: line.end });
      else setRow(row, {
        headline: Math.min(row.headline, line.start),
        headlineEnd: Math.max(row.headlineEnd || lineEndAt(row.headline), line.end),
      });
    } else if (action === "to-previous") {
      if (!row || !previous) return;
      setRow(previous, { end: Math.min(line.end + 1, row.end) });
      if (line.end + 1 >= row.end) setRow(row, { start: null, end: null, headline: null, headlineEnd: null });
      else {
        setRow(row, { start: line.end + 1 });
        if (row.headline !== null && row.headline <= line.start) setRow(row, { headline: null, headlineEnd: null });
      }
    } else if (action === "to-next") {
      if (!row || !following) return;
      setRow(following, { start: line.start });
      if (line.start <= row.start) setRow(row, { start: null, end: null, headline: null, headlineEnd: null });
      else {
        setRow(row, { end: line.start });
        if (row.headline !== null && row.headline >= line.start) setRow(row, { headline: null, headlineEnd: null });
      }
    } else if (action === "join") {
      if (!row || !previous) return;
      setRow(previous, { end: row.end });
      setRow(row, { start: null, end: null, headline: null, headlineEnd: null });
    }
    paint();
  }

  toolbar.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button) act(button.dataset.action);
  });
  // A typed headline offset means "that line": its end is the line's end, found on save.
  form.addEventListener("input", function (event) {
    if (/-headline$/.test(event.target.name)) field(event.target.closest("tr"), "headline_end").value = "";
    paint();
  });
  form.addEventListener("reset", function () { window.setTimeout(paint, 0); });
  paint();
})();
