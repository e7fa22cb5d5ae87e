// actions: what the learner can do (answer, check, reveal, move, submit, retry, start over,
// switch modes, shuffle), each changing the state through update(), and the in-page dialog
// that asks before what cannot be undone.

// ---------------------------------------------------------------- the one way the state changes

// Every change of `state` goes through here: `change` edits it, then the state is saved and what
// the change can have altered is drawn again, so no action can forget either. `scope` says how
// much of the page that is:
//   "answer"    q's answer, read from its controls, which already show it: the counts and
//               settings that follow from it (drawing q again would move the caret as one types)
//   "question"  q was checked or its answer shown: q, the settings and the score
//   "order"     the shuffle: the order of the questions, choices and match options
//   none        anything else: the whole page, in the order the state says
function update(change, scope, q) {
  change();
  save();
  if (scope === "answer") {
    renderKeepOrder(q, isGraded(q));
    renderProgress();
    renderSettings();
  } else if (scope === "question") {
    renderQuestion(q);
    renderSettings();
    renderScore();
  } else if (scope === "order") {
    applyShuffle();
  } else {
    applyShuffle();
    renderAll();
  }
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

// ---------------------------------------------------------------- actions

function announce(text) {
  announcer.textContent = "";
  window.setTimeout(function () { announcer.textContent = text; }, 50);
}

function record(q) {
  if (isGraded(q)) return;
  update(function () { store(q)[q.id] = readAnswer(q); }, "answer", q);
}

// An essay's text, saved as it is typed like every answer (never graded: the learner rates it).
function recordText(q, box) {
  update(function () {
    if (box.value) texts()[q.id] = box.value;
    else delete texts()[q.id];
  }, "answer", q);
}

function check(q) {
  if (exam() || isGraded(q)) return;
  update(function () {
    if (q.type !== "order") store(q)[q.id] = readAnswer(q); // an untouched order stays unanswered
    state.practice.checked[q.id] = true;
    state.practice.at = new Date().toISOString();
  }, "question", q);
  q.node.querySelector(".feedback").focus();
}

function reveal(q) {
  if (exam()) return;
  update(function () { state.practice.revealed[q.id] = true; }, "question", q);
  var first = q.node.querySelector(".rating input");
  if (first) first.focus();
  announce(T("Answer shown. Did you know it?"));
}

function updateMoves(list) {
  if (!list) return;
  var items = all(list, ".order-item");
  var locked = isGraded(questionOf(list));
  items.forEach(function (li, n) {
    li.querySelector('[data-dir="up"]').disabled = locked || n === 0;
    li.querySelector('[data-dir="down"]').disabled = locked || n === items.length - 1;
  });
}

function move(button) {
  var li = button.closest(".order-item");
  var list = li.parentNode;
  var q = questionOf(li);
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
  var first = q.node.querySelector(".move:not([disabled])");
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
  if (e.submitted && !(e.retry && !e.retry.submitted)) return;
  update(function () {
    if (!e.submitted) {
      e.submitted = true;
      e.at = new Date().toISOString();
    } else {
      e.retry.submitted = true;
      var round = questions.filter(function (q) { return retrying(q) && counts(q); });
      var sum = tally(round, function () { return e.retry.answers; });
      e.rounds.push({ count: sum.count, earned: sum.earned, points: sum.points });
    }
  });
  document.getElementById("results-title").focus();
}

function retryMissed() {
  var missed = questions.filter(function (q) {
    return visible(q) && isGraded(q) && grade(q).status !== "correct";
  });
  if (!missed.length) return;
  var ids = missed.map(function (q) { return q.id; });
  update(function () {
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
  });
  announce(T("Showing the %(questions)s you missed, with their answers cleared.", { questions: questionsText(missed.length) }));
  focusQuestion(firstShown());
}

function toggleFilter() {
  update(function () {
    if (exam()) state.exam.showAll = !state.exam.showAll;
    else state.practice.only = null;
  });
  focusQuestion(firstShown());
}

function firstShown() {
  return shownOrder().filter(visible)[0];
}

function focusQuestion(q) {
  if (!q) return;
  drawOnward(q);
  var target = q.node.querySelector("input:not([disabled]), select:not([disabled]), button:not([disabled])");
  if (target) target.focus();
  pin(q); // where the focus brought it
}

// The attempts to keep when the exam is cleared: a submitted exam stays listed, with its score
// and its answers (for the file the page saves).
function keptAttempts() {
  return state.attempts.concat(state.exam.submitted ? [examRecord()] : []);
}

function startOver() {
  ask(T("Start over?"),
      T("Every answer on this page, in practice and in the exam, will be cleared. The scores of finished exams stay listed."),
      T("Start over"), T("Cancel"), function () {
        update(function () {
          var mode = state.mode, attempts = keptAttempts();
          state = fresh();
          state.mode = mode;
          state.attempts = attempts;
        });
        announce(T("Started over: every answer is cleared."));
      });
}

function restartExam() {
  ask(T("Restart the exam?"),
      T("Your exam answers will be cleared; a submitted exam's score stays listed as an attempt. Practice answers are kept."),
      T("Restart the exam"), T("Cancel"), function () {
        update(function () { state.attempts = keptAttempts(); state.exam = freshExam(); });
        announce(T("The exam is restarted: every exam answer is cleared."));
        focusQuestion(firstShown());
      });
}

function switchMode(mode) {
  if (mode === state.mode) return;
  // Locked in the exam: nothing changes, only the radio the browser moved goes back.
  if (exam() && examInProgress()) { renderSettings(); settings.elements.mode.value = state.mode; return; }
  update(function () { state.mode = mode; });
  announce(mode === "exam"
    ? T("Exam mode: answer every question, then submit once. Your practice answers are kept.")
    : T("Practice mode: check each answer as you go. Your exam is kept."));
}

function switchShuffle(on) {
  update(function () { state.shuffle = on ? Math.floor(Math.random() * 4294967296) : null; }, "order");
  announce(on ? T("Questions and choices shuffled.") : T("Back to the original order."));
}
