// store: progress saved in localStorage under this build's key, read back (with the
// migration of what older pages saved) and written. Needs: data (words.js).

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
  // scores of the retry rounds submitted so far; showAll: the retry's filter is lifted;
  // texts: what was written in each essay's box (essays are not graded, but kept); at: when it
  // was submitted (ISO 8601, UTC), for the attempts the page saves.
  return { answers: {}, submitted: false, retry: null, rounds: [], showAll: false, texts: {}, at: null };
}

// attempts: the exams submitted before the current one, in order ({earned, points, at,
// questions}: export.js's examRecord), kept when an exam is restarted and when everything starts
// over (docs/html.md); practice.at: when a practice answer was last checked.
function fresh() {
  return { v: 2, mode: "practice", shuffle: null, attempts: [],
           practice: { answers: {}, checked: {}, revealed: {}, only: null, texts: {}, at: null }, exam: freshExam() };
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

// What a page saved, as this page keeps it: the state of an earlier page of the same content is
// migrated, anything else starts afresh.
function migrated(saved) {
  if (saved && saved.v === 1) return fromVersion1(saved);
  if (saved && saved.v === 2 && saved.practice && saved.exam) {
    var state = fresh();
    state.mode = saved.mode === "exam" ? "exam" : "practice";
    state.shuffle = saved.shuffle == null ? null : saved.shuffle;
    if (Array.isArray(saved.attempts)) state.attempts = saved.attempts;
    Object.keys(state.practice).forEach(function (k) { if (k in saved.practice) state.practice[k] = saved.practice[k]; });
    Object.keys(state.exam).forEach(function (k) { if (k in saved.exam) state.exam[k] = saved.exam[k]; });
    return state;
  }
  return fresh();
}

function loadState() {
  if (!storage) return fresh();
  try {
    return migrated(JSON.parse(storage.getItem(storeKey) || "null"));
  } catch (e) { /* unreadable progress: start afresh */ }
  return fresh();
}

function save() {
  if (!storage) return;
  try { storage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* full: keep going */ }
}

var state = loadState();
