// shuffle: seeded shuffles, and arranging the page in the order of state.shuffle (questions
// within their section, choices, match options) or back as built. Loads without the page's
// elements: they are read only when rememberAsBuilt() is called. Needs: data (words.js), for
// the bank's letters.

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

// What the page looked like as built, to undo a shuffle or start over (rememberAsBuilt).
var initialItems = {};
var shufflable = [];
var arranged = null; // the seed the page is arranged with (null: as built)
// The questions by section (a bank without sections is one group without a heading).
var sectionGroups = [{ head: null, questions: [] }];

// Read once, before the page is first arranged (events.js).
function rememberAsBuilt() {
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
  questions.forEach(function (q) {
    var before = q.previousElementSibling;
    if (before && before.classList.contains("section-head")) sectionGroups.push({ head: before, questions: [] });
    sectionGroups[sectionGroups.length - 1].questions.push(q);
  });
}

// A, B, ..., Z, AA, AB, ... in the bank's letters (أ, ب, ج... in Arabic), as
// quizgen.present.i18n.lettered names them.
var LETTERS = data.letters && data.letters.length > 1 ? data.letters : "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
function letter(n) {
  var name = "";
  for (n += 1; n > 0; n = Math.floor((n - 1) / LETTERS.length)) name = LETTERS[(n - 1) % LETTERS.length] + name;
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
