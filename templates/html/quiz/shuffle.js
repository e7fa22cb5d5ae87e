// shuffle: seeded shuffles, and arranging the page in the order of state.shuffle (questions
// within their section, choices, match options) or back as built. A question not drawn yet is
// arranged when it is (draw.js calls rememberAsBuilt and arrangeParts). Needs: data (words.js),
// for the bank's letters; the questions and their sections (draw.js).

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

// What each drawn question looked like as built, to undo a shuffle or start over: its order
// items, and its boxes whose children a shuffle moves ({boxes, children}, one entry a box group).
var initialItems = {};
var shufflable = {};
var arranged = null; // the seed the page is arranged with (null: as built)
var arrangements = 0; // how often the page was arranged, for the drawing going on (draw.js)

// Read once, when q is drawn (draw.js), before it is arranged.
function rememberAsBuilt(q) {
  var node = q.node, groups = shufflable[q.id] = [];
  var list = node.querySelector(".order");
  if (list) initialItems[q.id] = all(list, ".order-item");
  all(node, '.choices[data-shuffle="true"]').forEach(function (box) {
    groups.push({ boxes: [box], children: [Array.prototype.slice.call(box.children)] });
  });
  // A match's option list and its drop-downs move together, in one order, and are lettered
  // again afterwards, so letter A is always the first option listed.
  var match = node.querySelector('.match[data-shuffle="true"]');
  if (match) {
    var boxes = [match.querySelector(".match-options")].concat(all(match, "select"));
    groups.push({ boxes: boxes, children: boxes.map(function (box) {
      var kids = Array.prototype.slice.call(box.children);
      return box.tagName === "SELECT" ? kids.slice(1) : kids; // "Choose…" stays first
    }) });
  }
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
  var random = seed === null ? null : rng(seed);
  sectionGroups.forEach(function (group) {
    var mixed = random && !(group.head && group.head.s === 0);
    group.order = mixed ? shuffledCopy(group.questions, random) : group.questions.slice();
  });
  arranged = seed;
  number();
  // The drawn ones, in their new order, each in the part of its new place (draw.js).
  sectionGroups.forEach(function (group) {
    group.order.forEach(function (q) { if (q.node) partOf(group, Math.floor(q.at / PART)).node.appendChild(q.node); });
    group.parts.forEach(sized);
  });
  questions.forEach(function (q) { if (q.node) arrangeParts(q); });
  arrangements++;
  // Once the page is open, the first screen of the new order at once (as when it opened): the
  // rest follows in the new order (draw.js).
  if (root.dataset.ready) drawFirstScreen();
}

// Each question's number, and its place in its section as arranged (`at`).
function number() {
  var n = 0;
  sectionGroups.forEach(function (group) {
    group.order.forEach(function (q, at) {
      q.number = ++n;
      q.at = at;
    });
  });
}

// Puts q's choices and match options in the order the page's seed gives them (as built without),
// and its number.
function arrangeParts(q) {
  var seed = arranged;
  q.node.querySelector(".qnum").textContent = String(q.number);
  shufflable[q.id].forEach(function (s, index) {
    var salt = hash(q.id + "/" + index);
    s.boxes.forEach(function (box, b) {
      var kids = seed === null ? s.children[b] : shuffledCopy(s.children[b], rng(seed ^ salt));
      kids.forEach(function (child, n) {
        box.appendChild(child);
        if (box.tagName === "SELECT") child.textContent = letter(n);
        else if (box.classList.contains("match-options")) child.querySelector(".letter").textContent = letter(n);
      });
    });
  });
  if (q.type === "match") showPicks(q);
}
