// answers: which answers a question shows (practice's, the exam's or a retry's), reading and
// writing them in its controls, and grading them with the grading model (grading.js).

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

// What was written in each essay's box, in the mode shown (practice and exam keep their own).
function texts() {
  return exam() ? state.exam.texts : state.practice.texts;
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
    var box = q.querySelector(".essay-answer");
    var text = box ? texts()[q.dataset.id] || "" : "";
    if (box && box.value !== text) box.value = text;  // untouched while it already shows it (the caret stays)
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
  return { earned: G.earnedMicro(q.dataset.points, verdict), points: points, status: verdict.status,
           otherDecimal: verdict.otherDecimal === undefined ? null : verdict.otherDecimal };
}

function pointsText(earned, points) {
  return T("%(earned)s of %(points)s", { earned: numberText(G.microText(earned)),
    points: N("%(num)s point", "%(num)s points", points % G.toMicro(1) ? 100 : points / G.toMicro(1),
            { num: numberText(G.microText(points)) }) });
}

var VERDICTS = { correct: T("Correct"), partial: T("Partly right"), wrong: T("Not quite"), empty: T("Not answered") };
