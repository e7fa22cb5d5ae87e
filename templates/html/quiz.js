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

  // The page's fixed words in the bank's language, given by quizgen (quizgen/present/i18n.py): the
  // English text is the key, `%(name)s` a value filled in here and `%%` a percent sign, as
  // Python's `%` reads a message (a bank's label comes with its `%` doubled). A plural message
  // has one form per plural category, and data.plural says which form a count takes (0-199;
  // above, the form of 100 + n % 100, which is how every language's rule repeats).
  var WORDS = data.words || {};
  function fill(text, values) {
    return text.replace(/%%|%\((\w+)\)s/g, function (whole, name) {
      if (whole === "%%") return "%";
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  function T(text, values) {
    return fill(typeof WORDS[text] === "string" ? WORDS[text] : text, values);
  }
  function N(singular, pluralText, n, values) {
    var forms = WORDS[singular], table = data.plural || [];
    var index = table.length ? table[n < table.length ? n : 100 + n % 100] : (n === 1 ? 0 : 1);
    var text = Array.isArray(forms) ? forms[index] : (n === 1 ? singular : pluralText);
    var all = { num: n };
    for (var k in values || {}) all[k] = values[k];
    return fill(text, all);
  }
  // Numbers as the bank's language writes them (decimal comma where usual).
  function numberText(text) { return String(text).replace(".", data.decimal || "."); }
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

  // Progress belongs to one build's content: the key names the bank and a hash of its questions
  // (and the seed). Another build of the same bank has another key, and the progress saved
  // under it is left alone, so opening one build never erases another's.
  var storeKey = "quizgen:" + data.bank + ":" + data.hash;
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(storeKey);
  } catch (e) {
    storage = null; // private mode or a browser that forbids storage for file:// pages
  }

  // Practice and exam keep separate answers, so switching modes never throws anything away and
  // an answer seen in practice is never already filled in on the exam (docs/html.md).
  function freshExam() {
    // retry: a new round on the questions missed ({ids, answers, submitted}); rounds: the
    // scores of the retry rounds submitted so far; showAll: the retry's filter is lifted.
    return { answers: {}, submitted: false, retry: null, rounds: [], showAll: false };
  }

  function fresh() {
    return { v: 2, mode: "practice", shuffle: null,
             practice: { answers: {}, checked: {}, revealed: {}, only: null }, exam: freshExam() };
  }

  function fromVersion1(saved) { // pages built before practice and exam were kept apart
    var state = fresh();
    state.mode = saved.mode === "exam" ? "exam" : "practice";
    state.shuffle = saved.shuffle == null ? null : saved.shuffle;
    if (state.mode === "exam") {
      state.exam.answers = saved.answers || {};
      state.exam.submitted = !!saved.submitted && !saved.only;
    } else {
      state.practice.answers = saved.answers || {};
      state.practice.checked = saved.checked || {};
      state.practice.revealed = saved.revealed || {};
    }
    return state;
  }

  function loadState() {
    if (!storage) return fresh();
    try {
      var saved = JSON.parse(storage.getItem(storeKey) || "null");
      if (saved && saved.v === 1) return fromVersion1(saved);
      if (saved && saved.v === 2 && saved.practice && saved.exam) {
        var state = fresh();
        state.mode = saved.mode === "exam" ? "exam" : "practice";
        state.shuffle = saved.shuffle == null ? null : saved.shuffle;
        Object.keys(state.practice).forEach(function (k) { if (k in saved.practice) state.practice[k] = saved.practice[k]; });
        Object.keys(state.exam).forEach(function (k) { if (k in saved.exam) state.exam[k] = saved.exam[k]; });
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

  // ---------------------------------------------------------------- which answers a question shows

  function exam() { return state.mode === "exam"; }

  function retrying(q) {
    var retry = state.exam.retry;
    return !!retry && retry.ids.indexOf(q.dataset.id) >= 0;
  }

  // The answers a question shows and records to now: practice's, the exam's, or the retry's.
  function store(q) {
    if (!exam()) return state.practice.answers;
    return retrying(q) ? state.exam.retry.answers : state.exam.answers;
  }

  // Flashcards and essays are self-assessed (the learner rates the answer against the shown
  // one), so they count in practice but not in the exam's score.
  function selfGraded(type) {
    return type === "card" || type === "essay";
  }

  function counts(q) {
    return !exam() || !selfGraded(q.dataset.type);
  }

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
      case "card": case "essay":
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
    if (type === "single" || type === "truefalse" || type === "multiple" || selfGraded(type)) {
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
      showPicks(q);
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

  // What a printout shows for each match item (a drop-down does not print reliably): the
  // letter chosen and that option's text.
  function showPicks(q) {
    all(q, ".match-row").forEach(function (row) {
      var select = row.querySelector("select");
      var option = select.value && q.querySelector('.match-options li[data-value="' + select.value + '"]');
      var arrow = document.documentElement.dir === "rtl" ? "← " : "→ ";  // toward the pick's text
      var pick = row.querySelector(".match-pick");
      pick.textContent = option ? arrow + T("%(label)s:", { label: option.querySelector(".letter").textContent }) + " "
        : arrow + T("(no choice)");
      // A copy of the option, not its textContent: a formula's would be its MathML and its TeX run together.
      if (option) {
        var copy = option.querySelector(".option-text").cloneNode(true);
        copy.removeAttribute("class");
        pick.appendChild(copy);
      }
    });
  }

  function answered(q, answers) {
    var a = (answers || store(q))[q.dataset.id];
    if (a == null) return false;
    // An order question is answered once an item moved or the order was kept on purpose: the
    // order it starts in is the page's, not the learner's.
    if (Array.isArray(a)) {
      return q.dataset.type === "order" || a.some(function (v) { return String(v).trim() !== ""; });
    }
    return String(a).trim() !== "";
  }

  // ---------------------------------------------------------------- grading (docs/html.md)

  // The grading model (quizgen/grading/grading.js, embedded before this script; docs/grading.md) judges
  // every answer; this page only says which answer and which settings. Points are counted in
  // millionths, as integers, so totals stay exact; they are rounded only when shown.
  var G = window.QuizgenGrading;

  // Grades q's answer in `answers` (default: the answers it shows now).
  function grade(q, answers) {
    answers = answers || store(q);
    var points = G.toMicro(q.dataset.points);
    var verdict = answered(q, answers) ? G.grade(key(q.dataset.id).g, answers[q.dataset.id])
      : { status: "empty", num: 0, den: 1 };
    return { earned: G.earnedMicro(q.dataset.points, verdict), points: points, status: verdict.status };
  }

  function pointsText(earned, points) {
    return T("%(earned)s of %(points)s", { earned: numberText(G.microText(earned)),
      points: N("%(num)s point", "%(num)s points", points % G.toMicro(1) ? 100 : points / G.toMicro(1),
              { num: numberText(G.microText(points)) }) });
  }

  var VERDICTS = { correct: T("Correct"), partial: T("Partly right"), wrong: T("Not quite"), empty: T("Not answered") };

  // ---------------------------------------------------------------- showing feedback

  function isGraded(q) {
    if (!exam()) return !!state.practice.checked[q.dataset.id];
    if (!counts(q)) return false;
    return retrying(q) ? state.exam.retry.submitted : state.exam.submitted;
  }

  // The ids shown, or null for all: the missed questions while retrying them.
  function filter() {
    if (!exam()) return state.practice.only;
    return state.exam.retry && !state.exam.showAll ? state.exam.retry.ids : null;
  }

  function visible(q) {
    var only = filter();
    return !only || only.indexOf(q.dataset.id) >= 0;
  }

  function controls(q) {
    return all(q, "input, select, button.move, button.keep-order, button.reveal, button.check");
  }

  function showSolution(q, result) {
    var box = q.querySelector(".feedback");
    box.textContent = "";
    if (result) {
      var verdict = document.createElement("p");
      verdict.className = "verdict " + result.status;
      verdict.textContent = T("%(verdict)s: %(points)s.", { verdict: VERDICTS[result.status], points: pointsText(result.earned, result.points) });
      box.appendChild(verdict);
    }
    var solution = document.createElement("div");
    solution.className = "solution";
    // Built at build time from sanitised Markdown and an autoescaped template (quizgen/formats/html/format.py).
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
      // A choice named by an aria-label (a formula's: html.py) carries its mark in that name too.
      if (input.dataset.name) input.setAttribute("aria-label", input.dataset.name);
      if (!on) return;
      var wanted = k.g.type === "truefalse" ? [String(k.g.answer)] : k.g.answer;
      var correct = wanted.indexOf(input.value) >= 0;
      var cls = correct ? "is-answer" : input.checked ? "is-wrong-pick" : "";
      if (!cls) return;
      label.classList.add(cls);
      var mark = document.createElement("span");
      mark.className = "mark";
      mark.textContent = " " + (correct ? T("(correct answer)") : T("(your choice, wrong)"));
      label.appendChild(mark);
      if (input.dataset.name) input.setAttribute("aria-label", input.dataset.name + mark.textContent);
    });
  }

  // Still exactly as built (so the first render can skip it: long banks open faster).
  function untouched(q) {
    var id = q.dataset.id;
    return !(id in state.practice.answers) && !(id in state.exam.answers) && !state.exam.retry &&
      !state.practice.checked[id] && !state.practice.revealed[id] && !state.exam.submitted &&
      visible(q) && !isGraded(q);
  }

  function renderQuestion(q) {
    var id = q.dataset.id;
    var type = q.dataset.type;
    q.hidden = !visible(q);
    writeAnswer(q, store(q)[id]);
    var graded = isGraded(q);
    var result = graded ? grade(q) : null;
    q.classList.remove("correct", "partial", "wrong", "empty");
    if (result) q.classList.add(result.status);
    controls(q).forEach(function (c) { c.disabled = graded; });
    var actions = q.querySelector(".q-actions");
    if (actions) actions.hidden = graded;
    var keep = q.querySelector(".keep-order");
    if (keep) keep.hidden = graded || answered(q);
    if (!graded) updateMoves(q.querySelector(".order"));
    markChoices(q, graded && (type === "single" || type === "multiple" || type === "truefalse"));
    var revealed = false;
    if (selfGraded(type)) {
      // Practice: the learner shows the back, then rates it (the rating is the check). Exam: the
      // back stays hidden until the exam is submitted, and the card is not scored.
      revealed = exam() ? state.exam.submitted : graded || !!state.practice.revealed[id];
      q.querySelector(".rating").hidden = exam() || !revealed;
      q.querySelector(".reveal").hidden = exam() || revealed;
    }
    var box = q.querySelector(".feedback");
    if (graded || revealed) showSolution(q, result);
    else if (!box.hidden) { box.hidden = true; box.textContent = ""; }
    return result;
  }

  // ---------------------------------------------------------------- score and breakdown

  // Points earned and possible, and per tag, for these questions graded on these answers.
  function tally(list, answersOf) {
    var sum = { earned: 0, points: 0, count: 0, missed: [], tags: {} };
    list.forEach(function (q) {
      var r = grade(q, answersOf(q));
      sum.earned += r.earned; sum.points += r.points; sum.count += 1;
      if (r.status !== "correct") sum.missed.push(q);
      (q.dataset.tags ? q.dataset.tags.split(" ") : [T("(no tag)")]).forEach(function (t) {
        if (!sum.tags[t]) sum.tags[t] = { earned: 0, points: 0 };
        sum.tags[t].earned += r.earned; sum.tags[t].points += r.points;
      });
    });
    return sum;
  }

  // "58.3%", "58,3 %" (French, German and Spanish put a no-break space before the sign).
  function percentText(earned, points, decimals) {
    var scale = decimals === 0 ? 1 : 10;
    return T("%(number)s%%", { number: numberText(points ? Math.round(earned / points * 100 * scale) / scale : 0) });
  }

  function questionsText(n) {
    return N("%(num)s question", "%(num)s questions", n);
  }

  // What the score means (docs/html.md). Practice: the latest check of each question, over
  // every question checked so far, of all the bank's questions. Exam: the one submission, over
  // every question except flashcards; each retry round is scored on its own, after it.
  function renderScore() {
    var text, sum, missed = [];
    if (!exam()) {
      var checked = questions.filter(function (q) { return state.practice.checked[q.dataset.id]; });
      sum = tally(checked, function () { return state.practice.answers; });
      missed = sum.missed;
      text = !sum.count ? T("No answers checked yet.") :
        T("%(score)s: %(points)s (%(percent)s), %(count)s of %(questions)s checked.", {
          score: T("Score"), points: pointsText(sum.earned, sum.points), percent: percentText(sum.earned, sum.points),
          count: sum.count, questions: questionsText(questions.length) });
    } else if (!state.exam.submitted) {
      sum = tally([], null);
      text = T("Answer the questions, then submit them for your score.");
    } else {
      sum = tally(questions.filter(counts), function () { return state.exam.answers; });
      missed = sum.missed;
      text = T("%(score)s: %(points)s (%(percent)s).", { score: T("Score"), points: pointsText(sum.earned, sum.points),
                                                       percent: percentText(sum.earned, sum.points) });
      state.exam.rounds.forEach(function (round, n) {
        text += " " + T("Retry %(n)s, the %(questions)s you had missed: %(points)s (%(percent)s).", {
          n: n + 1, questions: questionsText(round.count), points: pointsText(round.earned, round.points),
          percent: percentText(round.earned, round.points) });
      });
      var retry = state.exam.retry;
      if (retry && !retry.submitted) {
        text += " " + T("Now retrying %(questions)s: submit them for a retry score (the score above stays).",
                        { questions: questionsText(retry.ids.length) });
      }
      if (retry) {
        missed = retry.submitted ? questions.filter(function (q) {
          return retrying(q) && grade(q).status !== "correct";
        }) : [];
      }
    }
    if (scoreBox.textContent !== text) scoreBox.textContent = text;
    renderBars(sum.tags);
    document.getElementById("breakdown").hidden = !sum.count;
    var retryButton = document.getElementById("retry");
    retryButton.hidden = !missed.length;
    retryButton.dataset.count = String(missed.length);
    renderFilterNote();
    renderProgress();
  }

  // One bar per tag, all on one scale: a bar's length is the tag's points possible (the
  // biggest tag fills the width), and its filled part the points earned.
  function renderBars(tags) {
    var bars = document.getElementById("bars");
    bars.textContent = "";
    var names = Object.keys(tags).sort();
    var most = Math.max.apply(null, names.map(function (t) { return tags[t].points; }).concat([0]));
    names.forEach(function (t) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.className = "bar-label";
      label.textContent = t;
      var track = document.createElement("span");
      track.className = "bar-track";
      track.setAttribute("aria-hidden", "true");
      var bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = (most ? tags[t].points / most * 100 : 0).toFixed(1) + "%";
      var fill = document.createElement("span");
      fill.className = "bar-fill";
      var share = tags[t].points ? tags[t].earned / tags[t].points : 0;
      fill.style.width = (share * 100).toFixed(1) + "%";
      bar.appendChild(fill);
      track.appendChild(bar);
      var value = document.createElement("span");
      value.className = "bar-value";
      value.textContent = pointsText(tags[t].earned, tags[t].points) + " (" + percentText(tags[t].earned, tags[t].points, 0) + ")";
      item.append(label, track, value);
      bars.appendChild(item);
    });
  }

  function renderFilterNote() {
    var note = document.getElementById("filter-note");
    var text = document.getElementById("filter-text");
    var button = document.getElementById("show-all");
    var retry = state.exam.retry;
    if (!exam() && state.practice.only) {
      text.textContent = T("Showing only the %(questions)s you missed, cleared for another try. The score counts each question's latest check.",
                           { questions: questionsText(state.practice.only.length) });
      button.textContent = T("Show all questions");
    } else if (exam() && retry) {
      text.textContent = state.exam.showAll
        ? T("Showing every question; %(questions)s of them are being retried.", { questions: questionsText(retry.ids.length) })
        : T("Showing only the %(questions)s you are retrying.", { questions: questionsText(retry.ids.length) });
      button.textContent = state.exam.showAll ? T("Show only the retried questions") : T("Show all questions");
    } else {
      note.hidden = true;
      return;
    }
    note.hidden = false;
  }

  function renderProgress() {
    var shown = questions.filter(function (q) { return visible(q) && counts(q); });
    var done = shown.filter(function (q) { return answered(q); }).length;
    document.getElementById("progress").textContent = T("%(done)s of %(questions)s answered", { done: done, questions: questionsText(shown.length) });
  }

  // An exam in progress (answered but not submitted, or a retry not submitted) keeps the page
  // in exam mode: practice would show the answers.
  function examInProgress() {
    var e = state.exam;
    if (!e.submitted) return Object.keys(e.answers).length > 0;
    return !!e.retry && !e.retry.submitted;
  }

  function renderSettings() {
    var locked = exam() && examInProgress();
    var practiceRadio = settings.querySelector("input[name=mode][value=practice]");
    practiceRadio.disabled = locked;
    var note = document.getElementById("mode-note");
    note.hidden = !locked;
    note.textContent = locked ? T("An exam is in progress: submit it, or restart it, to switch to practice.") : "";
    var restart = document.getElementById("restart-exam");
    restart.hidden = !exam() || !(state.exam.submitted || Object.keys(state.exam.answers).length);
    submitRow.hidden = !pendingRound().length;
  }

  function renderAll(firstTime) {
    main.dataset.mode = state.mode;
    settings.elements.mode.value = state.mode;
    settings.elements.shuffle.checked = state.shuffle !== null;
    questions.forEach(function (q) {
      // As built, a question is already in its fresh state: skip it (long banks open faster).
      if (!(firstTime && untouched(q))) renderQuestion(q);
    });
    renderSettings();
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
    all(q, '.choices[data-shuffle="true"]').forEach(function (box) {
      shufflable.push({ question: q, boxes: [box], children: [Array.prototype.slice.call(box.children)] });
    });
    // A match's option list and its drop-downs move together, in one order, and are lettered
    // again afterwards, so letter A is always the first option listed.
    var match = q.querySelector('.match[data-shuffle="true"]');
    if (match) {
      var boxes = [match.querySelector(".match-options")].concat(all(match, "select"));
      shufflable.push({ question: q, boxes: boxes, children: boxes.map(function (box) {
        var kids = Array.prototype.slice.call(box.children);
        return box.tagName === "SELECT" ? kids.slice(1) : kids; // "Choose…" stays first
      }) });
    }
  });
  var arranged = null; // the seed the page is arranged with (null: as built)
  // The questions by section (a bank without sections is one group without a heading).
  var sectionGroups = [{ head: null, questions: [] }];
  questions.forEach(function (q) {
    var before = q.previousElementSibling;
    if (before && before.classList.contains("section-head")) sectionGroups.push({ head: before, questions: [] });
    sectionGroups[sectionGroups.length - 1].questions.push(q);
  });

  function letter(n) { // A, B, ..., Z, AA, AB, ... as quizgen/formats/html/format.py writes them
    var name = "";
    for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + (n - 1) % 26) + name;
    return name;
  }

  function applyShuffle() {
    if (state.shuffle === arranged) return;
    var seed = state.shuffle;
    // Questions move within their section only (not at all in a `shuffle: false` section): a
    // section's heading and shared passage stay in front of its own questions.
    var random = seed === null ? null : rng(seed), n = 0;
    sectionGroups.forEach(function (group) {
      if (group.head) form.insertBefore(group.head, submitRow);
      var mixed = random && !(group.head && group.head.dataset.shuffle === "false");
      (mixed ? shuffledCopy(group.questions, random) : group.questions).forEach(function (q) {
        form.insertBefore(q, submitRow);
        q.querySelector(".qnum").textContent = String(++n);
      });
    });
    shufflable.forEach(function (s, index) {
      var salt = hash(s.question.dataset.id + "/" + index);
      s.boxes.forEach(function (box, b) {
        var kids = seed === null ? s.children[b] : shuffledCopy(s.children[b], rng(seed ^ salt));
        kids.forEach(function (child, n) {
          box.appendChild(child);
          if (box.tagName === "SELECT") child.textContent = letter(n);
          else if (box.classList.contains("match-options")) child.querySelector(".letter").textContent = letter(n);
        });
      });
    });
    all(form, ".match").forEach(function (match) { showPicks(match.closest("fieldset.question")); });
    arranged = seed;
  }

  // ---------------------------------------------------------------- asking first

  var dialog = document.getElementById("confirm");
  var onConfirm = null;
  var returnFocus = null;

  // Asks in an in-page modal dialog (never alert/confirm): `yes` runs only on the first button.
  // Focus starts on the safe answer and goes back where it was when the dialog closes.
  function ask(title, text, yesLabel, noLabel, yes, no) {
    document.getElementById("confirm-title").textContent = title;
    document.getElementById("confirm-text").textContent = text;
    document.getElementById("confirm-yes").textContent = yesLabel;
    document.getElementById("confirm-no").textContent = noLabel;
    returnFocus = document.activeElement;
    onConfirm = { yes: yes, no: no || null };
    dialog.showModal();
    document.getElementById("confirm-no").focus();
  }

  function answerDialog(confirmed) {
    var handlers = onConfirm;
    onConfirm = null;
    if (dialog.open) dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    if (!handlers) return;
    if (confirmed) handlers.yes();
    else if (handlers.no) handlers.no();
  }

  document.getElementById("confirm-yes").addEventListener("click", function () { answerDialog(true); });
  document.getElementById("confirm-no").addEventListener("click", function () { answerDialog(false); });
  dialog.addEventListener("close", function () { if (onConfirm) answerDialog(false); }); // Escape

  // ---------------------------------------------------------------- actions

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function record(q) {
    if (isGraded(q)) return;
    store(q)[q.dataset.id] = readAnswer(q);
    save();
    renderProgress();
    renderSettings();
    var keep = q.querySelector(".keep-order");
    if (keep) keep.hidden = true;
  }

  function check(q) {
    if (exam() || isGraded(q)) return;
    if (q.dataset.type !== "order") record(q); // an untouched order stays unanswered
    state.practice.checked[q.dataset.id] = true;
    save();
    renderQuestion(q);
    renderScore();
    q.querySelector(".feedback").focus();
  }

  function reveal(q) {
    if (exam()) return;
    state.practice.revealed[q.dataset.id] = true;
    save();
    renderQuestion(q);
    var first = q.querySelector(".rating input");
    if (first) first.focus();
    announce(T("Answer shown. Did you know it?"));
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
    announce(T("%(item)s: position %(n)s of %(count)s.",
               { item: li.dataset.name, n: items.indexOf(li) + 1, count: items.length }));
  }

  function keepOrder(q) {
    var first = q.querySelector(".move:not([disabled])");
    record(q);
    if (first) first.focus();
    announce(T("This order is now your answer."));
  }

  // The questions the exam's current round grades: all of them (flashcards aside) before the
  // exam is submitted, then the retried ones while a retry is open.
  function pendingRound() {
    if (!exam()) return [];
    var e = state.exam;
    if (!e.submitted) return questions.filter(counts);
    if (e.retry && !e.retry.submitted) return questions.filter(function (q) { return retrying(q) && counts(q); });
    return [];
  }

  function trySubmit() {
    var round = pendingRound();
    if (!round.length) return;
    var unanswered = round.filter(function (q) { return !answered(q); });
    if (!unanswered.length) { submit(); return; }
    ask(T("%(questions)s unanswered: submit anyway?", { questions: questionsText(unanswered.length) }),
        T("An unanswered question scores 0, and after submitting the answers can no longer change."),
        T("Submit anyway"), T("Keep answering"), submit,
        function () { window.setTimeout(function () { focusQuestion(unanswered[0]); }, 0); });
  }

  function submit() {
    var e = state.exam;
    if (!e.submitted) {
      e.submitted = true;
    } else if (e.retry && !e.retry.submitted) {
      e.retry.submitted = true;
      var round = questions.filter(function (q) { return retrying(q) && counts(q); });
      var sum = tally(round, function () { return e.retry.answers; });
      e.rounds.push({ count: sum.count, earned: sum.earned, points: sum.points });
    } else {
      return;
    }
    save();
    renderAll();
    document.getElementById("results-title").focus();
  }

  function retryMissed() {
    var missed = questions.filter(function (q) {
      return visible(q) && isGraded(q) && grade(q).status !== "correct";
    });
    if (!missed.length) return;
    var ids = missed.map(function (q) { return q.dataset.id; });
    if (exam()) {
      // A new round: the submitted exam and its score stay as they are.
      state.exam.retry = { ids: ids, answers: {}, submitted: false };
      state.exam.showAll = false;
    } else {
      state.practice.only = ids;
      ids.forEach(function (id) {
        delete state.practice.answers[id]; delete state.practice.checked[id]; delete state.practice.revealed[id];
      });
    }
    save();
    renderAll();
    announce(T("Showing the %(questions)s you missed, with their answers cleared.", { questions: questionsText(missed.length) }));
    focusQuestion(firstShown());
  }

  function toggleFilter() {
    if (exam()) state.exam.showAll = !state.exam.showAll;
    else state.practice.only = null;
    save();
    renderAll();
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
    ask(T("Start over?"), T("Every answer and score on this page, in practice and in the exam, will be cleared."),
        T("Start over"), T("Cancel"), function () {
          var mode = state.mode;
          state = fresh();
          state.mode = mode;
          save();
          applyShuffle();
          renderAll();
          announce(T("Started over: every answer is cleared."));
        });
  }

  function restartExam() {
    ask(T("Restart the exam?"), T("Your exam answers and its score will be cleared. Practice answers are kept."),
        T("Restart the exam"), T("Cancel"), function () {
          state.exam = freshExam();
          save();
          renderAll();
          announce(T("The exam is restarted: every exam answer is cleared."));
          focusQuestion(firstShown());
        });
  }

  function switchMode(mode) {
    if (mode === state.mode) return;
    if (exam() && examInProgress()) { renderSettings(); settings.elements.mode.value = state.mode; return; }
    state.mode = mode;
    save();
    renderAll();
    announce(mode === "exam"
      ? T("Exam mode: answer every question, then submit once. Your practice answers are kept.")
      : T("Practice mode: check each answer as you go. Your exam is kept."));
  }

  // ---------------------------------------------------------------- events

  form.addEventListener("input", function (event) {
    var q = event.target.closest("fieldset.question");
    if (q) record(q);
  });
  form.addEventListener("change", function (event) {
    var q = event.target.closest("fieldset.question");
    if (!q) return;
    record(q);
    if (q.dataset.type === "match") showPicks(q);
    // A flashcard's rating is its check (practice only: the exam does not score cards).
    if (selfGraded(q.dataset.type) && event.target.closest(".rating")) check(q);
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.disabled) return;
    var q = button.closest("fieldset.question");
    if (button.classList.contains("check")) check(q);
    else if (button.classList.contains("move")) move(button);
    else if (button.classList.contains("keep-order")) keepOrder(q);
    else if (button.classList.contains("reveal")) reveal(q);
  });
  form.addEventListener("keydown", function (event) {
    // Enter in a field never submits the whole form (the browser's implicit submission): in a
    // text box it checks that question (practice); on a choice it does nothing.
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    var q = event.target.closest("fieldset.question");
    if (q && event.target.type === "text" && !exam() && !isGraded(q)) check(q);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    trySubmit();
  });
  settings.addEventListener("submit", function (event) { event.preventDefault(); });
  settings.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT") event.preventDefault();
  });
  settings.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "mode") {
      switchMode(target.value);
    } else if (target.name === "shuffle") {
      state.shuffle = target.checked ? Math.floor(Math.random() * 4294967296) : null;
      save();
      applyShuffle();
      announce(target.checked ? T("Questions and choices shuffled.") : T("Back to the original order."));
    }
  });
  document.getElementById("start-over").addEventListener("click", startOver);
  document.getElementById("restart-exam").addEventListener("click", restartExam);
  document.getElementById("retry").addEventListener("click", retryMissed);
  document.getElementById("show-all").addEventListener("click", toggleFilter);

  applyShuffle();
  renderAll(true);
  delete main.dataset.loading;
  root.dataset.ready = "true";
})();
