// export: the exam attempts, and the practice besides them, as a small JSON file the learner
// saves (offline: a download made in the page) and hands in. Its format is in docs/html.md,
// for whoever reads it back (`quizgen report`); change both together.

// Points as a plain number of points (the page counts millionths).
function pointsOf(micro) { return Number(G.microText(micro)); }

// An answer as the grading model's own responses name it (quizgen.grading.spec's default), so
// the bank alone can grade it again: a choice, item or side by its place in the bank (0-based),
// true/false as a boolean, text as typed, a card's or essay's rating as given; null unanswered.
function response(q, answers) {
  if (!answered(q, answers)) return null;
  // The key's `i` gives the place of each choice, item or match option in the order drawn.
  var answer = answers[q.id], places = key(q.id).i || [], e = q.entry;
  var tokens = (e.c || e.o || e.m || []).map(function (item) { return item[0]; });
  function place(value) { var n = tokens.indexOf(value); return n >= 0 ? places[n] : null; }
  switch (q.type) {
    case "single": return place(answer);
    case "multiple": case "order": case "match": return answer.map(place);
    case "truefalse": return answer === "true";
  }
  return answer;
}

// The questions of one round, each graded on `answers`: what was given, the points earned and
// possible; an essay with its text. `scored` false: kept for the teacher, not in the sum (an
// essay in the exam, which the page does not score).
function gradedRound(list, answers, texts, scored) {
  var round = { earned: 0, points: 0, questions: [] };
  list.forEach(function (q) {
    var counted = scored(q), r = grade(q, answers);
    var row = { id: q.id, type: q.type, response: response(q, answers),
                status: counted ? r.status : "not scored", earned: counted ? pointsOf(r.earned) : null,
                points: pointsOf(r.points) };
    if (q.type === "essay") row.text = texts[q.id] || "";
    if (counted) { round.earned += r.earned; round.points += r.points; }
    round.questions.push(row);
  });
  return round;
}

// The current exam, once submitted, as an attempt is kept: its score, when, and its answers.
function examRecord() {
  var list = questions.filter(function (q) { return q.type !== "card"; });
  var record = gradedRound(list, state.exam.answers, state.exam.texts, function (q) { return !selfGraded(q.type); });
  record.at = state.exam.at || null;
  return record;
}

function practiceRecord() {
  var list = questions.filter(function (q) { return state.practice.checked[q.id]; });
  var record = gradedRound(list, state.practice.answers, state.practice.texts, function () { return true; });
  record.at = state.practice.at || null;
  return record;
}

function attemptsFile() {
  var exams = state.attempts.concat(state.exam.submitted ? [examRecord()] : []);
  function entry(record, n, mode) {
    return { attempt: n, first: n === 1, mode: mode, at: record.at || null, earned: pointsOf(record.earned),
             points: pointsOf(record.points), questions: record.questions || [] };
  }
  var rounds = exams.map(function (record, n) { return entry(record, n + 1, "exam"); });
  var practice = practiceRecord();
  if (practice.questions.length) rounds.push(entry(practice, null, "practice"));
  return { format: "quizgen-attempts", version: 1, bank: data.bank, page: data.hash,
           saved: new Date().toISOString(), attempts: rounds };
}

// A download made from the page itself: no network, nothing leaves the computer but the file.
function saveAttempts() {
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(attemptsFile(), null, 2) + "\n"],
                                           { type: "application/json" }));
  link.download = data.bank + "-attempts.json";
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  announce(T("Saved as %(file)s: hand in this file.", { file: link.download }));
}
