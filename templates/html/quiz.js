/* quizgen's self-grading quiz page. Plain JavaScript, no dependencies, no network.
 *
 * The page is rendered by quizgen (every question is already in the HTML); this script grades,
 * shows feedback, keeps progress in localStorage and reorders things when asked to shuffle.
 * The answer key is XOR-encoded (see docs/html.md): it hides answers from a casual look at the
 * page source, nothing more.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  var root = document.documentElement;
  var main = document.getElementById("quiz");
  var form = document.getElementById("questions");
  var settings = document.getElementById("settings");
  var scoreBox = document.getElementById("score");
  var announcer = document.getElementById("announcer");
  var submitRow = form.querySelector(".submit-row");
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var byId = {};
  questions.forEach(function (q) { byId[q.dataset.id] = q; });

  // ---------------------------------------------------------------- answer key

  var keyBytes = bytes(data.key);
  var keys = {};

  function bytes(b64) {
    var text = atob(b64);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  function key(id) {
    if (!keys[id]) {
      var raw = bytes(data.answers[id]);
      var offset = 0;
      new TextEncoder().encode(id).forEach(function (b) { offset += b; });
      offset %= keyBytes.length;
      for (var i = 0; i < raw.length; i++) raw[i] ^= keyBytes[(i + offset) % keyBytes.length];
      keys[id] = JSON.parse(new TextDecoder("utf-8").decode(raw));
    }
    return keys[id];
  }

  // ---------------------------------------------------------------- saved progress

  var prefix = "quizgen:" + data.bank + ":";
  var storeKey = prefix + data.hash;
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(storeKey);
  } catch (e) {
    storage = null; // private mode or a browser that forbids storage for file:// pages
  }

  function fresh() {
    return { v: 1, mode: "practice", shuffle: null, answers: {}, checked: {}, revealed: {},
             submitted: false, only: null };
  }

  function loadState() {
    if (!storage) return fresh();
    try {
      // Progress saved for another version of this bank would restore the wrong answers.
      for (var i = storage.length - 1; i >= 0; i--) {
        var name = storage.key(i);
        if (name && name.indexOf(prefix) === 0 && name !== storeKey) storage.removeItem(name);
      }
      var saved = JSON.parse(storage.getItem(storeKey) || "null");
      if (saved && saved.v === 1) {
        var state = fresh();
        Object.keys(state).forEach(function (k) { if (k in saved) state[k] = saved[k]; });
        return state;
      }
    } catch (e) { /* unreadable progress: start afresh */ }
    return fresh();
  }

  function save() {
    if (!storage) return;
    try { storage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* full: keep going */ }
  }

  var state = loadState();

  // ---------------------------------------------------------------- reading and writing answers

  function all(node, selector) {
    return Array.prototype.slice.call(node.querySelectorAll(selector));
  }

  function readAnswer(q) {
    var checked;
    switch (q.dataset.type) {
      case "single": case "truefalse":
        checked = q.querySelector(".choices input:checked");
        return checked ? checked.value : null;
      case "multiple":
        return all(q, ".choices input:checked").map(function (i) { return i.value; });
      case "short": case "numeric":
        return q.querySelector(".text-answer").value;
      case "cloze":
        return all(q, "input.blank").map(function (i) { return i.value; });
      case "card":
        checked = q.querySelector(".rating input:checked");
        return checked ? checked.value : null;
      case "order":
        return all(q, ".order-item").map(function (li) { return li.dataset.value; });
      case "match":
        return all(q, "select").map(function (s) { return s.value; });
    }
    return null;
  }

  function writeAnswer(q, answer) {
    var type = q.dataset.type;
    if (type === "single" || type === "truefalse" || type === "multiple" || type === "card") {
      var chosen = Array.isArray(answer) ? answer : [answer];
      all(q, "input[type=radio], input[type=checkbox]").forEach(function (i) {
        i.checked = chosen.indexOf(i.value) >= 0;
      });
    } else if (type === "short" || type === "numeric") {
      q.querySelector(".text-answer").value = answer || "";
    } else if (type === "cloze") {
      all(q, "input.blank").forEach(function (i, n) { i.value = (answer && answer[n]) || ""; });
    } else if (type === "match") {
      all(q, "select").forEach(function (s, n) { s.value = (answer && answer[n]) || ""; });
    } else if (type === "order") {
      var list = q.querySelector(".order");
      var items = initialItems[q.dataset.id].slice();
      if (answer && answer.length === items.length) {
        var place = {};
        answer.forEach(function (value, n) { place[value] = n; });
        if (items.every(function (li) { return li.dataset.value in place; })) {
          items.sort(function (a, b) { return place[a.dataset.value] - place[b.dataset.value]; });
        }
      }
      items.forEach(function (li) { list.appendChild(li); });
      updateMoves(list);
    }
  }

  function answered(q) {
    var a = state.answers[q.dataset.id];
    if (a == null) return false;
    if (Array.isArray(a)) {
      return q.dataset.type === "order" || a.some(function (v) { return String(v).trim() !== ""; });
    }
    return String(a).trim() !== "";
  }

  // ---------------------------------------------------------------- grading (docs/html.md)

  function normalise(text, caseSensitive) {
    var s = String(text == null ? "" : text).normalize("NFC").trim().split(/\s+/).join(" ");
    return caseSensitive ? s : s.toLowerCase();
  }

  function parseNumber(text) {
    var s = String(text == null ? "" : text).trim().replace(/[\u2212\u2012\u2013]/g, "-")
      .replace(/[\s\u00a0\u202f_']/g, "");
    if (/^[-+]?\d+,\d+$/.test(s)) s = s.replace(",", "."); // one comma: a decimal comma
    else if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, ""); // 1,234.5
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
    return Number(s);
  }

  function sameList(a, b) {
    return a.length === b.length && a.every(function (v, i) { return v === b[i]; });
  }

  function grade(q) {
    var k = key(q.dataset.id);
    var a = state.answers[q.dataset.id];
    var points = Number(q.dataset.points);
    var fraction = 0;
    var given = answered(q);
    if (given) {
      switch (q.dataset.type) {
        case "single": fraction = a === k.a[0] ? 1 : 0; break;
        case "truefalse": fraction = a === k.a ? 1 : 0; break;
        case "multiple":
          var right = a.filter(function (v) { return k.a.indexOf(v) >= 0; }).length;
          var wrong = a.length - right;
          if (k.p) fraction = Math.max(0, (right - wrong) / k.a.length);
          else fraction = right === k.a.length && wrong === 0 ? 1 : 0;
          break;
        case "short":
          var mine = normalise(a, k.cs);
          fraction = k.a.some(function (ok) { return normalise(ok, k.cs) === mine; }) ? 1 : 0;
          break;
        case "numeric":
          var x = parseNumber(a);
          var eps = 1e-9 * Math.max(1, Math.abs(k.lo), Math.abs(k.hi));
          fraction = x !== null && x >= k.lo - eps && x <= k.hi + eps ? 1 : 0;
          break;
        case "cloze":
          fraction = k.a.every(function (accepted, n) {
            var mine = normalise(a[n], false);
            return accepted.some(function (ok) { return normalise(ok, false) === mine; });
          }) ? 1 : 0;
          break;
        case "card": fraction = a === "knew" ? 1 : 0; break;
        case "order": fraction = sameList(a, k.a) ? 1 : 0; break;
        case "match": fraction = sameList(a, k.a) ? 1 : 0; break;
      }
    }
    var earned = Math.round(fraction * points * 100) / 100;
    var status = !given ? "empty" : earned >= points ? "correct" : earned > 0 ? "partial" : "wrong";
    return { earned: earned, points: points, status: status };
  }

  function fmt(n) {
    return String(Math.round(n * 100) / 100);
  }

  function pointsText(earned, points) {
    return fmt(earned) + " of " + fmt(points) + (points === 1 ? " point" : " points");
  }

  var VERDICTS = { correct: "Correct", partial: "Partly right", wrong: "Not quite", empty: "Not answered" };

  // ---------------------------------------------------------------- showing feedback

  function isGraded(q) {
    return state.mode === "exam" ? state.submitted && visible(q) : !!state.checked[q.dataset.id];
  }

  function visible(q) {
    return !state.only || state.only.indexOf(q.dataset.id) >= 0;
  }

  function controls(q) {
    return all(q, "input, select, button.move, button.reveal, button.check");
  }

  function showSolution(q, result) {
    var box = q.querySelector(".feedback");
    box.textContent = "";
    if (result) {
      var verdict = document.createElement("p");
      verdict.className = "verdict " + result.status;
      verdict.textContent = VERDICTS[result.status] + ": " + pointsText(result.earned, result.points) + ".";
      box.appendChild(verdict);
    }
    var solution = document.createElement("div");
    solution.className = "solution";
    // Built at build time from sanitised Markdown and an autoescaped template (quizgen/formats/html.py).
    solution.innerHTML = key(q.dataset.id).h;
    box.appendChild(solution);
    box.hidden = false;
  }

  function markChoices(q, on) {
    var k = on ? key(q.dataset.id) : null;
    all(q, ".choices .choice").forEach(function (label) {
      var input = label.querySelector("input");
      var old = label.querySelector(".mark");
      if (old) old.remove();
      label.classList.remove("is-answer", "is-wrong-pick");
      if (!on) return;
      var correct = Array.isArray(k.a) ? k.a.indexOf(input.value) >= 0 : k.a === input.value;
      var cls = correct ? "is-answer" : input.checked ? "is-wrong-pick" : "";
      if (!cls) return;
      label.classList.add(cls);
      var mark = document.createElement("span");
      mark.className = "mark";
      mark.textContent = correct ? " (correct answer)" : " (your choice, wrong)";
      label.appendChild(mark);
    });
  }

  function untouched(q) {
    var id = q.dataset.id;
    return !(id in state.answers) && !state.checked[id] && !state.revealed[id] && visible(q) &&
      !isGraded(q);
  }

  function renderQuestion(q) {
    var id = q.dataset.id;
    q.hidden = !visible(q);
    writeAnswer(q, state.answers[id]);
    var graded = isGraded(q);
    var result = graded ? grade(q) : null;
    q.classList.remove("correct", "partial", "wrong", "empty");
    if (result) q.classList.add(result.status);
    controls(q).forEach(function (c) { c.disabled = graded; });
    q.querySelector(".q-actions").hidden = graded;
    if (!graded) updateMoves(q.querySelector(".order"));
    markChoices(q, graded && (q.dataset.type === "single" || q.dataset.type === "multiple" ||
                              q.dataset.type === "truefalse"));
    var revealed = q.dataset.type === "card" && (graded || state.revealed[id]);
    if (q.dataset.type === "card") {
      q.querySelector(".rating").hidden = !revealed;
      q.querySelector(".reveal").hidden = !!revealed;
    }
    var box = q.querySelector(".feedback");
    if (graded || revealed) showSolution(q, result);
    else if (!box.hidden) { box.hidden = true; box.textContent = ""; }
    return result;
  }

  // ---------------------------------------------------------------- score and breakdown

  function renderScore() {
    var earned = 0, total = 0, count = 0, missed = 0;
    var tags = {}, tagOrder = [];
    questions.forEach(function (q) {
      if (!isGraded(q)) return;
      var r = grade(q);
      earned += r.earned; total += r.points; count += 1;
      if (r.status !== "correct") missed += 1;
      var names = q.dataset.tags ? q.dataset.tags.split(" ") : ["(no tag)"];
      names.forEach(function (t) {
        if (!tags[t]) { tags[t] = { earned: 0, points: 0 }; tagOrder.push(t); }
        tags[t].earned += r.earned; tags[t].points += r.points;
      });
    });
    var shown = questions.filter(visible).length;
    var text;
    if (!count) {
      text = state.mode === "exam" ? "Answer the questions, then submit them for your score."
                                   : "No answers checked yet.";
    } else {
      var percent = total ? Math.round(earned / total * 1000) / 10 : 0;
      text = "Score: " + pointsText(earned, total) + " (" + percent + "%)" +
        (state.mode === "practice" ? ", " + count + " of " + shown + (shown === 1 ? " question" : " questions") + " checked." : ".");
    }
    if (scoreBox.textContent !== text) scoreBox.textContent = text;
    var bars = document.getElementById("bars");
    bars.textContent = "";
    tagOrder.sort().forEach(function (t) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.className = "bar-label";
      label.textContent = t;
      var bar = document.createElement("span");
      bar.className = "bar";
      bar.setAttribute("aria-hidden", "true");
      var fill = document.createElement("span");
      fill.className = "bar-fill";
      var share = tags[t].points ? tags[t].earned / tags[t].points : 0;
      fill.style.width = (share * 100).toFixed(1) + "%";
      bar.appendChild(fill);
      var value = document.createElement("span");
      value.className = "bar-value";
      value.textContent = pointsText(tags[t].earned, tags[t].points) + " (" + Math.round(share * 100) + "%)";
      item.append(label, bar, value);
      bars.appendChild(item);
    });
    document.getElementById("breakdown").hidden = !count;
    document.getElementById("retry").hidden = !missed;
    document.getElementById("filter-note").hidden = !state.only;
    renderProgress();
  }

  function renderProgress() {
    var shown = questions.filter(visible);
    var done = shown.filter(answered).length;
    document.getElementById("progress").textContent = done + " of " + shown.length +
      (shown.length === 1 ? " question" : " questions") + " answered";
  }

  function renderAll(firstTime) {
    main.dataset.mode = state.mode;
    submitRow.hidden = state.submitted;
    settings.elements.mode.value = state.mode;
    settings.elements.shuffle.checked = state.shuffle !== null;
    questions.forEach(function (q) {
      // As built, a question is already in its fresh state: skip it (long banks open faster).
      if (!(firstTime && untouched(q))) renderQuestion(q);
    });
    renderScore();
  }

  // ---------------------------------------------------------------- shuffling

  function rng(seed) { // mulberry32: small, seedable, good enough for shuffling a quiz
    var t = seed >>> 0;
    return function () {
      t = (t + 0x6D2B79F5) >>> 0;
      var r = Math.imul(t ^ (t >>> 15), 1 | t);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }

  function hash(text) { // FNV-1a
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h >>> 0;
  }

  function shuffledCopy(list, random) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = out[i]; out[i] = out[j]; out[j] = tmp;
    }
    return out;
  }

  // What the page looked like as built, to undo a shuffle or start over.
  var initialItems = {};
  var shufflable = [];
  questions.forEach(function (q) {
    var list = q.querySelector(".order");
    if (list) initialItems[q.dataset.id] = all(list, ".order-item");
    all(q, '.choices[data-shuffle="true"], .match[data-shuffle="true"] select').forEach(function (box) {
      var children = Array.prototype.slice.call(box.children);
      if (box.tagName === "SELECT") children = children.slice(1); // "Choose…" stays first
      shufflable.push({ question: q, box: box, children: children });
    });
  });
  var arranged = null; // the seed the page is arranged with (null: as built)

  function applyShuffle() {
    if (state.shuffle === arranged) return;
    var seed = state.shuffle;
    var order = seed === null ? questions : shuffledCopy(questions, rng(seed));
    order.forEach(function (q, n) {
      form.insertBefore(q, submitRow);
      q.querySelector(".qnum").textContent = String(n + 1);
    });
    shufflable.forEach(function (s) {
      var kids = seed === null ? s.children
        : shuffledCopy(s.children, rng(seed ^ hash(s.question.dataset.id + "/" + shufflable.indexOf(s))));
      kids.forEach(function (child) { s.box.appendChild(child); });
    });
    arranged = seed;
  }

  // ---------------------------------------------------------------- actions

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function record(q) {
    state.answers[q.dataset.id] = readAnswer(q);
    save();
    renderProgress();
  }

  function check(q) {
    record(q);
    state.checked[q.dataset.id] = true;
    save();
    renderQuestion(q);
    renderScore();
    q.querySelector(".feedback").focus();
  }

  function reveal(q) {
    state.revealed[q.dataset.id] = true;
    save();
    renderQuestion(q);
    var first = q.querySelector(".rating input");
    if (first) first.focus();
    announce("Answer shown. Did you know it?");
  }

  function updateMoves(list) {
    if (!list) return;
    var items = all(list, ".order-item");
    var locked = isGraded(list.closest("fieldset.question"));
    items.forEach(function (li, n) {
      li.querySelector('[data-dir="up"]').disabled = locked || n === 0;
      li.querySelector('[data-dir="down"]').disabled = locked || n === items.length - 1;
    });
  }

  function move(button) {
    var li = button.closest(".order-item");
    var list = li.parentNode;
    var q = li.closest("fieldset.question");
    // Move the neighbour rather than the item itself, so the focused button never leaves the page.
    if (button.dataset.dir === "up" && li.previousElementSibling) {
      list.insertBefore(li.previousElementSibling, li.nextElementSibling);
    } else if (button.dataset.dir === "down" && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    }
    updateMoves(list);
    if (button.disabled) li.querySelector(".move:not([disabled])").focus();
    var items = all(list, ".order-item");
    record(q);
    announce(li.querySelector(".item-text").textContent + ": position " + (items.indexOf(li) + 1) +
             " of " + items.length + ".");
  }

  function submitExam() {
    questions.filter(visible).forEach(function (q) { state.answers[q.dataset.id] = readAnswer(q); });
    state.submitted = true;
    save();
    renderAll();
    document.getElementById("results-title").focus();
  }

  function retryMissed() {
    var missed = questions.filter(function (q) { return isGraded(q) && grade(q).status !== "correct"; });
    if (!missed.length) return;
    state.only = missed.map(function (q) { return q.dataset.id; });
    missed.forEach(function (q) {
      var id = q.dataset.id;
      delete state.answers[id]; delete state.checked[id]; delete state.revealed[id];
    });
    state.submitted = false;
    save();
    renderAll();
    announce("Showing the " + missed.length + (missed.length === 1 ? " question" : " questions") +
             " you missed, with their answers cleared.");
    focusQuestion(firstShown());
  }

  function firstShown() {
    return all(form, "fieldset.question").filter(function (q) { return !q.hidden; })[0];
  }

  function focusQuestion(q) {
    if (!q) return;
    var target = q.querySelector("input:not([disabled]), select:not([disabled]), button:not([disabled])");
    if (target) target.focus();
  }

  function startOver() {
    if (storage) { try { storage.removeItem(storeKey); } catch (e) { /* ignore */ } }
    var mode = state.mode;
    state = fresh();
    state.mode = mode;
    save();
    applyShuffle();
    renderAll();
    announce("Started over: every answer is cleared.");
  }

  // ---------------------------------------------------------------- events

  form.addEventListener("input", function (event) {
    var q = event.target.closest("fieldset.question");
    if (q) record(q);
  });
  form.addEventListener("change", function (event) {
    var q = event.target.closest("fieldset.question");
    if (q) record(q);
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.disabled) return;
    var q = button.closest("fieldset.question");
    if (button.classList.contains("check")) check(q);
    else if (button.classList.contains("move")) move(button);
    else if (button.classList.contains("reveal")) reveal(q);
  });
  form.addEventListener("keydown", function (event) {
    // Enter in a text box checks that question (practice) instead of submitting the whole form.
    if (event.key !== "Enter" || event.target.tagName !== "INPUT" || event.target.type !== "text") return;
    event.preventDefault();
    var q = event.target.closest("fieldset.question");
    if (q && state.mode === "practice" && !isGraded(q)) check(q);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (state.mode === "exam" && !state.submitted) submitExam();
  });
  settings.addEventListener("submit", function (event) { event.preventDefault(); });
  settings.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "mode" && target.value !== state.mode) {
      state.mode = target.value;
      state.checked = {};
      state.submitted = false;
      save();
      renderAll();
      announce(state.mode === "exam" ? "Exam mode: answer every question, then submit once."
                                     : "Practice mode: check each answer as you go.");
    } else if (target.name === "shuffle") {
      state.shuffle = target.checked ? Math.floor(Math.random() * 4294967296) : null;
      save();
      applyShuffle();
      announce(target.checked ? "Questions and choices shuffled." : "Back to the original order.");
    }
  });
  document.getElementById("start-over").addEventListener("click", startOver);
  document.getElementById("retry").addEventListener("click", retryMissed);
  document.getElementById("show-all").addEventListener("click", function () {
    state.only = null;
    state.submitted = false;
    save();
    renderAll();
    focusQuestion(firstShown());
  });

  applyShuffle();
  renderAll(true);
  delete main.dataset.loading;
  root.dataset.ready = "true";
})();
