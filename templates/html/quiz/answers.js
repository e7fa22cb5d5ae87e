// answers: which answers a question shows (practice's, the exam's or a retry's), reading and
// writing them in its controls, and grading them with the grading model (grading.js).

// ---------------------------------------------------------------- which answers a question shows

function exam() { return state.mode === "exam"; }

// A list of question ids in the state (a retry's, practice's filter) as a set, made once per
// list: asked of every question, a search of the list took seconds at 10,000 questions. The
// state's lists are replaced, never changed in place, so a list's set stays true.
var idSets = new WeakMap();
function idSet(ids) {
  var set = idSets.get(ids);
  if (!set) idSets.set(ids, set = new Set(ids));
  return set;
}

function retrying(q) {
  var retry = state.exam.retry;
  return !!retry && idSet(retry.ids).has(q.id);
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
  return !exam() || !selfGraded(q.type);
}

// ---------------------------------------------------------------- reading and writing answers

function all(node, selector) {
  return Array.prototype.slice.call(node.querySelectorAll(selector));
}

// What q's controls show (q is drawn: draw.js).
function readAnswer(q) {
  var checked, node = q.node;
  switch (q.type) {
    case "single": case "truefalse":
      checked = node.querySelector(".choices input:checked");
      return checked ? checked.value : null;
    case "multiple":
      return all(node, ".choices input:checked").map(function (i) { return i.value; });
    case "short": case "numeric":
      return node.querySelector(".text-answer").value;
    case "cloze":
      return all(node, "input.blank").map(function (i) { return i.value; });
    case "card": case "essay":
      checked = node.querySelector(".rating input:checked");
      return checked ? checked.value : null;
    case "order":
      return all(node, ".order-item").map(function (li) { return li.dataset.value; });
    case "match":
      return all(node, "select").map(function (s) { return s.value; });
  }
  return null;
}

function writeAnswer(q, answer) {
  var type = q.type, node = q.node;
  if (type === "single" || type === "truefalse" || type === "multiple" || selfGraded(type)) {
    var chosen = Array.isArray(answer) ? answer : [answer];
    all(node, "input[type=radio], input[type=checkbox]").forEach(function (i) {
      i.checked = chosen.indexOf(i.value) >= 0;
    });
    var box = node.querySelector(".essay-answer");
    var text = box ? texts()[q.id] || "" : "";
    if (box && box.value !== text) box.value = text;  // untouched while it already shows it (the caret stays)
  } else if (type === "short" || type === "numeric") {
    node.querySelector(".text-answer").value = answer || "";
  } else if (type === "cloze") {
    all(node, "input.blank").forEach(function (i, n) { i.value = (answer && answer[n]) || ""; });
  } else if (type === "match") {
    all(node, "select").forEach(function (s, n) { s.value = (answer && answer[n]) || ""; });
    showPicks(q);
  } else if (type === "order") {
    var list = node.querySelector(".order");
    var items = initialItems[q.id].slice();
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
  all(q.node, ".match-row").forEach(function (row) {
    var select = row.querySelector("select");
    var option = select.value && q.node.querySelector('.match-options li[data-value="' + select.value + '"]');
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
  var a = (answers || store(q))[q.id];
  if (a == null) return false;
  // An order question is answered once an item moved or the order was kept on purpose: the
  // order it starts in is the page's, not the learner's.
  if (Array.isArray(a)) {
    return q.type === "order" || a.some(function (v) { return String(v).trim() !== ""; });
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
  var points = G.toMicro(q.points);
  var verdict = answered(q, answers) ? G.grade(key(q.id).g, answers[q.id])
    : { status: "empty", num: 0, den: 1 };
  return { earned: G.earnedMicro(q.points, verdict), points: points, status: verdict.status,
           otherDecimal: verdict.otherDecimal === undefined ? null : verdict.otherDecimal };
}

function pointsText(earned, points) {
  return T("%(earned)s of %(points)s", { earned: numberText(G.microText(earned)),
    points: N("%(num)s point", "%(num)s points", points % G.toMicro(1) ? 100 : points / G.toMicro(1),
            { num: numberText(G.microText(points)) }) });
}

var VERDICTS = { correct: T("Correct"), partial: T("Partly right"), wrong: T("Not quite"), empty: T("Not answered") };
