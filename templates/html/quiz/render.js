// render: the page's elements, and drawing the state onto them: each question's feedback,
// the score and its breakdown by tag, the progress line and the settings.

// A question (draw.js) may not be drawn yet: drawing it shows its state then.

var main = document.getElementById("quiz");
var settings = document.getElementById("settings");
var scoreBox = document.getElementById("score");
var announcer = document.getElementById("announcer");

// ---------------------------------------------------------------- showing feedback

function isGraded(q) {
  if (!exam()) return !!state.practice.checked[q.id];
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
  return !only || idSet(only).has(q.id);
}

function controls(q) {
  return all(q.node, "input, select, button.move, button.keep-order, button.reveal, button.check");
}

function showSolution(q, result) {
  var box = q.node.querySelector(".feedback");
  box.textContent = "";
  if (result) {
    var verdict = document.createElement("p");
    verdict.className = "verdict " + result.status;
    verdict.textContent = T("%(verdict)s: %(points)s.", { verdict: VERDICTS[result.status], points: pointsText(result.earned, result.points) });
    box.appendChild(verdict);
    if (result.otherDecimal !== null) box.appendChild(decimalHint(result.otherDecimal));
  }
  var shown = document.createElement("div");
  shown.className = "solution";
  shown.appendChild(solution(q));
  box.appendChild(shown);
  box.hidden = false;
}

// A number right only when read with the other decimal mark: why it is wrong (or, where the
// question accepts it, which mark the quiz uses), with the number written the quiz's way.
function decimalHint(value) {
  var hint = document.createElement("p");
  hint.className = "decimal-hint";
  var number = numberText(String(value));
  hint.textContent = data.decimal === ","
    ? T("In this quiz a comma marks decimals: did you mean %(number)s?", { number: number })
    : T("In this quiz a point marks decimals: did you mean %(number)s?", { number: number });
  return hint;
}

function markChoices(q, on) {
  var k = on ? key(q.id) : null;
  all(q.node, ".choices .choice").forEach(function (label) {
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
  var id = q.id;
  return !(id in state.practice.answers) && !(id in state.exam.answers) && !state.exam.retry &&
    !(id in state.practice.texts) && !(id in state.exam.texts) &&
    !state.practice.checked[id] && !state.practice.revealed[id] && !state.exam.submitted &&
    visible(q) && !isGraded(q);
}

// An order question's "keep this order" button, until the order is an answer or graded.
function renderKeepOrder(q, graded) {
  var keep = q.node.querySelector(".keep-order");
  if (keep) keep.hidden = graded || answered(q);
}

function renderQuestion(q) {
  var id = q.id, type = q.type, node = q.node;
  if (!node) return;  // drawn later, showing the state of then (draw.js)
  node.hidden = !visible(q);
  writeAnswer(q, store(q)[id]);
  var graded = isGraded(q);
  var result = graded ? grade(q) : null;
  node.classList.remove("correct", "partial", "wrong", "empty");
  if (result) node.classList.add(result.status);
  controls(q).forEach(function (c) { c.disabled = graded; });
  var actions = node.querySelector(".q-actions");
  if (actions) actions.hidden = graded;
  renderKeepOrder(q, graded);
  if (!graded) updateMoves(node.querySelector(".order"));
  markChoices(q, graded && (type === "single" || type === "multiple" || type === "truefalse"));
  var revealed = false;
  if (selfGraded(type)) {
    // Practice: the learner shows the back, then rates it (the rating is the check). Exam: the
    // back stays hidden until the exam is submitted, and the card is not scored.
    revealed = exam() ? state.exam.submitted : graded || !!state.practice.revealed[id];
    node.querySelector(".rating").hidden = exam() || !revealed;
    node.querySelector(".reveal").hidden = exam() || revealed;
  }
  var box = node.querySelector(".feedback");
  if (graded || revealed) showSolution(q, result);
  else if (!box.hidden) { box.hidden = true; box.textContent = ""; }
}

// ---------------------------------------------------------------- score and breakdown

// Points earned and possible, and per tag, for these questions graded on these answers.
function tally(list, answersOf) {
  var sum = { earned: 0, points: 0, count: 0, missed: [], tags: {} };
  list.forEach(function (q) {
    var r = grade(q, answersOf(q));
    sum.earned += r.earned; sum.points += r.points; sum.count += 1;
    if (r.status !== "correct") sum.missed.push(q);
    (q.tags.length ? q.tags : [T("(no tag)")]).forEach(function (t) {
      if (!sum.tags[t]) sum.tags[t] = { earned: 0, points: 0 };
      sum.tags[t].earned += r.earned; sum.tags[t].points += r.points;
    });
  });
  return sum;
}

// The exam's score: every question but flashcards and essays, on the exam's answers.
function examScore() {
  return tally(questions.filter(function (q) { return !selfGraded(q.type); }),
               function () { return state.exam.answers; });
}

// The score of every exam submitted, earlier ones first, then the current one once submitted.
function attemptScores() {
  return state.attempts.concat(state.exam.submitted ? [examScore()] : []);
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
    var checked = questions.filter(function (q) { return state.practice.checked[q.id]; });
    sum = tally(checked, function () { return state.practice.answers; });
    missed = sum.missed;
    // Once an exam was submitted, practice (where the answers are shown) says it is practice.
    var label = attemptScores().length ? T("Practice (not an exam attempt)") : T("Score");
    text = !sum.count ? T("No answers checked yet.") :
      T("%(score)s: %(points)s (%(percent)s), %(count)s of %(questions)s checked.", {
        score: label, points: pointsText(sum.earned, sum.points), percent: percentText(sum.earned, sum.points),
        count: sum.count, questions: questionsText(questions.length) });
  } else if (!state.exam.submitted) {
    sum = tally([], null);
    text = T("Answer the questions, then submit them for your score.");
  } else {
    sum = examScore();
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
  renderAttempts();
  renderBars(sum.tags);
  document.getElementById("breakdown").hidden = !sum.count;
  var retryButton = document.getElementById("retry");
  retryButton.hidden = !missed.length;
  retryButton.dataset.count = String(missed.length);
  renderFilterNote();
  renderProgress();
}

// Every exam attempt's score, in both modes, the first marked as such.
function renderAttempts() {
  var list = document.getElementById("attempts");
  var scores = attemptScores();
  list.textContent = "";
  scores.forEach(function (sum, n) {
    var item = document.createElement("li");
    var values = { n: n + 1, points: pointsText(sum.earned, sum.points), percent: percentText(sum.earned, sum.points) };
    item.textContent = n === 0 ? T("First attempt: %(points)s (%(percent)s).", values)
      : T("Attempt %(n)s: %(points)s (%(percent)s).", values);
    list.appendChild(item);
  });
  document.getElementById("attempts-box").hidden = !scores.length;
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
  if (!e.submitted) return examStarted();
  return !!e.retry && !e.retry.submitted;
}

// Something was answered or written in the exam.
function examStarted() {
  return Object.keys(state.exam.answers).length > 0 || Object.keys(state.exam.texts).length > 0;
}

function renderSettings() {
  var locked = exam() && examInProgress();
  var practiceRadio = settings.querySelector("input[name=mode][value=practice]");
  practiceRadio.disabled = locked;
  var note = document.getElementById("mode-note");
  note.hidden = !locked;
  note.textContent = locked ? T("An exam is in progress: submit it, or restart it, to switch to practice.") : "";
  var restart = document.getElementById("restart-exam");
  restart.hidden = !exam() || !(state.exam.submitted || examStarted());
  submitRow.hidden = !pendingRound().length;
}

function renderAll(firstTime) {
  main.dataset.mode = state.mode;
  settings.elements.mode.value = state.mode;
  settings.elements.shuffle.checked = state.shuffle !== null;
  questions.forEach(function (q) {
    // As drawn, a question is already in its fresh state: skip it (long banks open faster).
    if (!(firstTime && untouched(q))) renderQuestion(q);
  });
  renderSettings();
  renderScore();
}
