// The correction desk: the OCR and the text scroll together, paragraph by paragraph, and
// keyboard shortcuts save (Ctrl/⌘+S) or save and open the next article in the queue
// (Ctrl/⌘+Enter, Alt+N). No library: the admin page must work offline and without a CDN.
(function () {
  "use strict";
  var form = document.getElementById("article_form");
  if (!form) return;

  function submitWith(name) {
    var button = form.querySelector('input[type=submit][name="' + name + '"]');
    if (!button) return;
    if (form.requestSubmit) form.requestSubmit(button);
    else button.click();
  }

  document.addEventListener("keydown", function (event) {
    var command = event.ctrlKey || event.metaKey;
    if (command && !event.altKey && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      submitWith("_continue");
    } else if ((command && event.key === "Enter") || (event.altKey && !command && event.code === "KeyN")) {
      event.preventDefault();
      submitWith("_save_next");
    }
  });

  var text = form.querySelector("textarea[name=body]");
  var ocr = form.querySelector("pre.ocr-original");
  if (!text || !ocr) return;

  // One element per OCR line, so a paragraph's line can be found and measured.
  var ocrLines = ocr.textContent.split("\n");
  ocr.textContent = "";
  var lineElements = ocrLines.map(function (line, index) {
    var span = document.createElement("span");
    span.className = "ocr-line";
    span.textContent = line + (index < ocrLines.length - 1 ? "\n" : "");
    ocr.appendChild(span);
    return span;
  });
  // The OCR without whitespace (the importer removed OCR spaces and joined lines), and for
  // each of its characters the line it is on.
  var compact = "";
  var lineOf = [];
  ocrLines.forEach(function (line, index) {
    for (var i = 0; i < line.length; i++) {
      if (!/\s/.test(line[i])) {
        compact += line[i];
        lineOf.push(index);
      }
    }
  });

  var mirror = document.createElement("div");
  mirror.setAttribute("aria-hidden", "true");
  document.body.appendChild(mirror);

  function paragraphStarts(value) {
    var starts = [];
    var offset = 0;
    value.split("\n").forEach(function (line) {
      if (line.trim()) starts.push({ offset: offset, key: line.replace(/\s+/g, "") });
      offset += line.length + 1;
    });
    return starts;
  }

  // Where each paragraph starts inside the textarea, measured on a copy styled like it.
  function measureText(starts) {
    var style = window.getComputedStyle(text);
    var copied = ["fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing",
      "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "borderTopWidth",
      "borderLeftWidth", "borderRightWidth", "boxSizing", "wordBreak", "overflowWrap"];
    copied.forEach(function (name) { mirror.style[name] = style[name]; });
    mirror.style.position = "absolute";
    mirror.style.visibility = "hidden";
    mirror.style.top = "0";
    mirror.style.left = "-10000px";
    mirror.style.whiteSpace = "pre-wrap";
    mirror.style.width = text.offsetWidth + "px";
    mirror.textContent = "";
    var value = text.value;
    var markers = [];
    var position = 0;
    starts.forEach(function (start) {
      mirror.appendChild(document.createTextNode(value.slice(position, start.offset)));
      var marker = document.createElement("span");
      mirror.appendChild(marker);
      markers.push(marker);
      position = start.offset;
    });
    mirror.appendChild(document.createTextNode(value.slice(position) + "\n"));
    return markers.map(function (marker) { return marker.offsetTop; });
  }

  function findInOcr(key, from) {
    for (var length = Math.min(8, key.length); length >= 3; length -= 2) {
      var found = compact.indexOf(key.slice(0, length), from);
      if (found >= 0) return found;
    }
    return -1;
  }

  var pairs = [];
  function computePairs() {
    var starts = paragraphStarts(text.value);
    var textTops = measureText(starts);
    var ocrTop = ocr.getBoundingClientRect().top - ocr.scrollTop;
    var result = [{ text: 0, ocr: 0 }];
    var cursor = 0;
    starts.forEach(function (start, index) {
      var found = findInOcr(start.key, cursor);
      if (found < 0) return;
      cursor = found + 1;
      var line = lineElements[lineOf[found]];
      var y = line.getBoundingClientRect().top - ocrTop;
      var last = result[result.length - 1];
      if (y >= last.ocr && textTops[index] >= last.text) result.push({ text: textTops[index], ocr: y });
    });
    result.push({ text: text.scrollHeight, ocr: ocr.scrollHeight });
    pairs = result;
  }

  // Piecewise linear between matched paragraph starts: the paragraph at the top of one
  // pane is at the top of the other.
  function map(value, from, to) {
    for (var i = 1; i < pairs.length; i++) {
      var a = pairs[i - 1], b = pairs[i];
      if (value <= b[from] || i === pairs.length - 1) {
        var span = b[from] - a[from];
        var share = span > 0 ? (value - a[from]) / span : 0;
        return a[to] + Math.max(0, Math.min(1, share)) * (b[to] - a[to]);
      }
    }
    return value;
  }

  var toggle = document.createElement("p");
  toggle.className = "desk-sync";
  toggle.innerHTML = '<label><input type="checkbox" id="desk-sync" checked> 原文与正文按段落同步滚动</label>';
  var row = form.querySelector(".correction-desk .form-row");
  row.parentNode.insertBefore(toggle, row);
  var enabled = toggle.querySelector("input");

  var following = null;
  function follow(source, target, from, to) {
    source.addEventListener("scroll", function () {
      if (!enabled.checked) return;
      if (following === target) {  // this scroll was ours: do not bounce it back
        following = null;
        return;
      }
      var wanted = Math.round(map(source.scrollTop, from, to));
      if (Math.abs(target.scrollTop - wanted) < 2) return;
      following = source;
      target.scrollTop = wanted;
    }, { passive: true });
  }
  follow(text, ocr, "text", "ocr");
  follow(ocr, text, "ocr", "text");

  var pending = null;
  function recompute() {
    window.clearTimeout(pending);
    pending = window.setTimeout(computePairs, 250);
  }
  text.addEventListener("input", recompute);
  window.addEventListener("resize", recompute);
  computePairs();
  window.newsroomDesk = { pairs: function () { return pairs; }, recompute: computePairs };
})();
