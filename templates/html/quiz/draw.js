// draw: each question's elements, built from the page's data when the question is first needed:
// the first screen at once, then the rest a few at a time while the page is idle, in the order
// shown. quizgen writes each question once, as a short entry (quizgen/formats/html/format.py,
// `_Page.question`, names its keys), so a bank of 10,000 questions opens about as fast as one
// of 100; find-in-page, printing and screen readers meet every question once the idle drawing
// is done (a second or two), and printing, a link to a question and moving focus to one draw it
// at once.
//
// The script keeps each question as a record (`Question`): its id, type, points and tags (what
// grading, scores and the saved attempts read) and, once drawn, its fieldset (`node`). Until
// drawn, a question has no element at all (10,000 empty ones cost half a second to lay out);
// each section ends with an empty comment node, before which its parts are (`insert`).
// Needs: data, T, N, numberText (words.js), all (answers.js); the rest is called only once every
// part has loaded.

var root = document.documentElement;
var questionArea = document.getElementById("questions");
var submitRow = questionArea.querySelector(".submit-row");

// A question as the script keeps it. `number` and `at` (its place in its section) are set by
// the arrangement (shuffle.js).
function Question(entry, group) {
  this.id = entry.i;
  this.type = entry.t;
  this.points = entry.p;
  this.tags = entry.g || [];
  this.entry = entry;
  this.group = group;
  this.node = null;
}

// The questions by section (a bank without sections is one group without a heading): the
// section's heading (its entry's `h`), its element once drawn, its end marker, its questions as
// built and as arranged (`order`), for the shuffle, which keeps each question under its heading,
// and the parts its questions are drawn into (`insert`).
var sectionGroups = [];
var questions = [];
var byId = {};
(function () {
  var ends = document.createDocumentFragment(), group = null;
  data.questions.forEach(function (entry) {
    if (entry.h || !group) {
      group = { head: entry.h || null, headNode: null, end: document.createComment(""), questions: [], parts: [] };
      sectionGroups.push(group);
      ends.appendChild(group.end);
    }
    var q = new Question(entry, group);
    group.questions.push(q);
    questions.push(q);
    byId[q.id] = q;
  });
  questionArea.insertBefore(ends, submitRow);
  sectionGroups.forEach(function (g) { g.order = g.questions.slice(); });
  number();
})();

// The question an element of the page belongs to, or null.
function questionOf(node) {
  var fieldset = node.closest("fieldset.question");
  return fieldset ? byId[fieldset.dataset.id] : null;
}

// The questions in the order the page shows them.
function shownOrder() {
  return [].concat.apply([], sectionGroups.map(function (g) { return g.order; }));
}

// ---------------------------------------------------------------- building elements

// An element with a class, and optionally sanitised HTML from quizgen or plain text inside.
function el(tag, className, html, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  // Sanitised at build time (quizgen.text.markup), never text a learner typed.
  if (html !== undefined && html !== null) node.innerHTML = html;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function attrs(node, values) {
  Object.keys(values).forEach(function (name) {
    if (values[name] !== null && values[name] !== undefined) node.setAttribute(name, values[name]);
  });
  return node;
}

// A text's direction by its first strong letter, formulas skipped, as
// quizgen.present.i18n.text_direction decides it for the printed paper: an English prompt in an
// Arabic page keeps its word order, and the reverse. "auto" when no letter tells.
var RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
var LETTER = /\p{L}/u;
function direction(node) {
  var walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: function (n) {
      if (n.nodeType === 1) return n.localName === "math" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var text = n.nodeValue;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (RTL_LETTER.test(c)) return "rtl";
      if (LETTER.test(c)) return "ltr";
    }
  }
  return "auto";
}

// Bank text in an element of its own, in its own direction. A text with no letter to tell (a
// number) is "auto" in the question, and takes the page's direction in a solution (`inherit`).
function bankText(tag, className, html, inherit) {
  var node = el(tag, className, html);
  var dir = direction(node);
  if (!(inherit && dir === "auto")) node.dir = dir;
  return node;
}

function sectionHead(h) {
  var head = el("div", "section-head");
  head.dataset.shuffle = h.s === 0 ? "false" : "true";
  if (h.t) head.appendChild(el("h2", "section-title", null, h.t));
  if (h.i) head.appendChild(el("div", "section-intro", h.i));
  return head;
}

function pointsWords(points) {
  var value = Number(points);
  return N("%(num)s point", "%(num)s points", value % 1 ? 100 : value, { num: numberText(points) });
}

function meta(e) {
  var line = el("p", "meta", null, pointsWords(e.p) + (e.d ? " · " + e.d : ""));
  if (e.g && e.g.length) {
    line.appendChild(document.createTextNode(" · "));
    line.appendChild(el("span", "visually-hidden", null, T("tags:") + " "));
    e.g.forEach(function (tag, n) {
      if (n) line.appendChild(document.createTextNode(" "));
      line.appendChild(el("span", "tag", null, tag));
    });
  }
  return line;
}

// A choice: its control, then its text (a node). `name`: the accessible name a formula needs.
function choiceLabel(input, text, name) {
  var label = el("label", "choice");
  if (name) attrs(input, { "aria-label": name, "data-name": name });
  label.append(input, " ", text);
  return label;
}

function fixedChoice(type, dom, value, words) {
  return choiceLabel(input(type, dom, value), el("span", "choice-text", null, words));
}

// Every control has autocomplete off: a browser restoring what it held before a reload would
// show answers the page's own state (store.js) does not have.
function input(type, name, value) {
  return attrs(document.createElement("input"), { type: type, name: name, value: value, autocomplete: "off" });
}

function textAnswer(dom, mode) {
  var box = attrs(document.createElement("input"), {
    type: "text", id: dom + "-input", autocomplete: "off", spellcheck: "false", inputmode: mode || null });
  box.className = "text-answer";
  return box;
}

function field(dom, labelText, control) {
  var p = el("p", "field");
  var label = el("label", null, null, labelText);
  label.htmlFor = dom + "-input";
  p.append(label, "\n    ", control);
  return p;
}

function button(className, text) {
  var b = el("button", className, null, text);
  b.type = "button";
  return b;
}

// The question's own parts, after its prompt, by type.
var DRAW = {
  single: drawChoices, multiple: drawChoices,
  truefalse: function (node, e, dom) {
    var box = el("div", "choices");
    box.dataset.shuffle = "false";
    box.append(fixedChoice("radio", dom, "true", T("True")), fixedChoice("radio", dom, "false", T("False")));
    node.appendChild(box);
  },
  short: function (node, e, dom) { node.appendChild(field(dom, T("Your answer"), textAnswer(dom))); },
  numeric: function (node, e, dom) {
    var label = T("Your answer") + (e.u ? " (" + T("in %(unit)s", { unit: e.u }) + ")" : "");
    var wrap = el("span", "numeric");
    wrap.appendChild(textAnswer(dom, "decimal"));
    if (e.u) wrap.append(" ", attrs(el("span", "unit", null, e.u), { "aria-hidden": "true" }));
    node.appendChild(field(dom, label, wrap));
  },
  cloze: function (node) { node.appendChild(el("p", "hint", null, T("Fill in each blank."))); },
  card: function (node, e, dom) {
    node.append(el("p", "hint practice-only", null, T("A flashcard: recall the answer, then show it and say whether you knew it. Your rating is its check.")),
             el("p", "hint exam-only", null, T("A flashcard: recall the answer. Flashcards do not count in the exam; the answer is shown once you submit.")),
             button("reveal practice-only", T("Show the answer")), feedbackBox(dom));
    node.appendChild(rating(dom, T("Did you know it?")));
  },
  essay: function (node, e, dom) {
    var box = attrs(el("textarea", "essay-answer"), { id: dom + "-input", rows: e.l, autocomplete: "off" });
    node.append(field(dom, T("Your answer"), box),
             el("p", "hint practice-only", null, T("Written answer: write it, then show the model answer and say whether yours covers it. Your rating is its check.")),
             el("p", "hint exam-only", null, T("Written answer: it does not count in the exam; the model answer is shown once you submit.")),
             button("reveal practice-only", T("Show the model answer")), feedbackBox(dom));
    node.appendChild(rating(dom, T("Does your answer cover the model answer?")));
  },
  order: drawOrder,
  match: drawMatch
};

function feedbackBox(dom) {
  return attrs(el("div", "feedback"), { id: dom + "-feedback", tabindex: "-1", hidden: "" });
}

function rating(dom, question) {
  var box = attrs(el("fieldset", "rating"), { hidden: "" });
  box.append(el("legend", null, null, question),
             fixedChoice("radio", dom, "knew", T("I knew it")), fixedChoice("radio", dom, "missed", T("I did not")));
  return box;
}

function drawChoices(node, e, dom) {
  if (e.t === "multiple") node.appendChild(el("p", "hint", null, T("Choose all that apply.")));
  var box = el("div", "choices");
  box.dataset.shuffle = e.s ? "true" : "false";
  var type = e.t === "single" ? "radio" : "checkbox";
  e.c.forEach(function (c) { box.appendChild(choiceLabel(input(type, dom, c[0]), bankText("span", "choice-text", c[1]), c[2])); });
  node.appendChild(box);
}

function drawOrder(node, e, dom) {
  var how = el("p", "hint", null, T("Put the items in order, first at the top, with the Up and Down buttons."));
  how.id = dom + "-how";
  var list = attrs(el("ol", "order"), { "data-shuffle": e.s ? "true" : "false", "aria-describedby": dom + "-how" });
  e.o.forEach(function (item, n) {
    var li = el("li", "order-item");
    var span = el("span", "item-text", item[1]);
    var name = item[2] || span.textContent.replace(/\s+/g, " ").trim();
    li.dataset.value = item[0];
    li.dataset.name = name;
    var moves = el("span", "moves");
    [["up", "↑", T("Up")], ["down", "↓", T("Down")]].forEach(function (m) {
      var b = button("move", "");
      attrs(b, { "data-dir": m[0], "aria-label": T("%(label)s:", { label: m[2] }) + " " + name });
      b.append(attrs(el("span", null, null, m[1]), { "aria-hidden": "true" }), " " + m[2]);
      b.disabled = m[0] === "up" ? n === 0 : n === e.o.length - 1;
      moves.appendChild(b);
    });
    li.append(span, "\n      ", moves);
    list.appendChild(li);
  });
  // Left untouched, the order is no answer: moving an item, or this button, makes it one.
  var keep = el("p", "order-actions");
  keep.appendChild(button("keep-order", T("Keep this order as my answer")));
  node.append(how, list, keep);
}

function drawMatch(node, e, dom) {
  var box = el("div", "match");
  box.dataset.shuffle = e.s ? "true" : "false";
  var title = el("p", "hint", null, T("Choose a letter for each item:"));
  title.id = dom + "-options-title";
  var options = attrs(el("ul", "match-options"), { id: dom + "-options", "aria-labelledby": title.id });
  e.m.forEach(function (o, n) {
    var li = el("li");
    li.dataset.value = o[0];
    li.append(el("span", "letter", null, letter(n)), el("span", "option-text", o[1]));
    options.appendChild(li);
  });
  box.append(title, options);
  e.L.forEach(function (left, n) {
    var row = el("p", "match-row");
    var label = el("label", "match-left", left[0]);
    label.htmlFor = dom + "-m" + n;
    var select = attrs(document.createElement("select"), {
      id: dom + "-m" + n, "data-pair": String(n), "aria-label": left[1] || null, "aria-describedby": options.id,
      autocomplete: "off" });
    select.appendChild(attrs(el("option", null, null, T("Choose…")), { value: "" }));
    e.m.forEach(function (o, k) { select.appendChild(attrs(el("option", null, null, letter(k)), { value: o[0] })); });
    row.append(label, "\n      ", select, "\n      ", attrs(el("span", "match-pick"), { "aria-hidden": "true" }));
    box.appendChild(row);
  });
  node.appendChild(box);
}

// What a check or "show the answer" reveals, from the key (key.js): laid out here, its texts
// sanitised at build time.
function solution(q) {
  var k = key(q.id), type = q.type, box = document.createDocumentFragment();
  function part(className, label, html, textClass) {
    var div = el("div", className);
    div.append(el("p", "label", null, label), bankText("div", textClass, html, true));
    box.appendChild(div);
  }
  if (type === "essay") part("answer card-back model-answer", T("Model answer"), k.a, "answer-text");
  else if (type === "card") part("answer card-back", T("Answer"), k.a, "answer-text");
  else part("answer", T("Correct answer"), k.a, "answer-text");
  if (k.n) part("explanation marking-notes", T("Marking notes"), k.n, "explanation-text");
  if (k.e) part("explanation", T("Explanation"), k.e, "explanation-text");
  if (k.s) box.appendChild(el("p", "source", null, T("%(label)s:", { label: T("Source") }) + " " + k.s + "."));
  return box;
}

// ---------------------------------------------------------------- drawing a question

// Draws q's elements (once) where it belongs, arranged as the page is (shuffle.js) and showing
// its state; returns q.
function draw(q) {
  if (q.node) return q;
  var e = q.entry, dom = "q-" + q.id;
  var node = q.node = attrs(el("fieldset", "question"), {
    id: dom, "data-id": q.id, "data-type": q.type, "data-points": q.points, "data-tags": q.tags.join(" "),
    "aria-describedby": dom + "-prompt" });
  var legend = el("legend");
  var title = el("h2", "qtitle", null, T("Question") + " ");
  title.appendChild(el("span", "qnum"));
  legend.appendChild(title);
  node.append(legend, meta(e));
  var promptClass = e.t === "cloze" ? "prompt cloze-text" : e.t === "card" ? "prompt card-front" : "prompt";
  var prompt = bankText("div", promptClass, e.x);
  prompt.id = dom + "-prompt";
  node.appendChild(prompt);
  DRAW[e.t](node, e, dom);
  if (!selfGraded(e.t)) {
    var actions = el("p", "q-actions practice-only");
    actions.appendChild(button("check", T("Check answer")));
    node.append(actions, feedbackBox(dom));
  }
  insert(q);
  rememberAsBuilt(q);
  arrangeParts(q);
  if (!untouched(q)) renderQuestion(q);
  return q;
}

// A section's questions are drawn into parts of PART questions each (`.question-part`, by their
// place as arranged), each part a box of its own that the browser lays out, and skips while it
// is off screen (content-visibility), without the others: drawing into one long list made every
// frame lay out every question drawn so far, and drawing 10,000 took half a minute.
var PART = 100;
var QUESTION_HEIGHT = 22; // rem: about a question's height, for parts not laid out yet

// Puts a newly drawn q in its part, before the next drawn question there (in the order shown);
// its section's heading goes in with the section's first drawn question.
function insert(q) {
  var part = partOf(q.group, Math.floor(q.at / PART)), before = null;
  for (var at = q.at + 1; at < q.group.order.length && Math.floor(at / PART) === part.index; at++) {
    if (q.group.order[at].node) { before = q.group.order[at].node; break; }
  }
  part.node.insertBefore(q.node, before);
  sized(part);
  if (q.group.head && !q.group.headNode) {
    q.group.headNode = sectionHead(q.group.head);
    questionArea.insertBefore(q.group.headNode, firstPart(q.group).node);
  }
}

// The group's part `index`, made (and put in place among the others) the first time it is asked.
function partOf(group, index) {
  var part = group.parts[index];
  if (part) return part;
  part = group.parts[index] = { index: index, node: el("div", "question-part"), count: 0 };
  var next = null;
  for (var n = index + 1; n < group.parts.length && !next; n++) if (group.parts[n]) next = group.parts[n].node;
  questionArea.insertBefore(part.node, next || group.end);
  return part;
}

function firstPart(group) {
  for (var n = 0; n < group.parts.length; n++) if (group.parts[n]) return group.parts[n];
  return null;
}

// A part's height before the browser has laid it out once (then it remembers the real one).
function sized(part) {
  part.node.style.containIntrinsicSize = "auto " + part.node.childElementCount * QUESTION_HEIGHT + "rem";
}

// The first screen at once (every question of a page of 100 or fewer: drawing them costs less
// than a frame or two; else as many as the window can show, a question being at least about
// 250 px tall), then the rest in slices, in the order shown.
var FIRST_SCREEN = questions.length <= 100 ? questions.length : Math.max(3, Math.ceil(window.innerHeight / 250));

function drawFirstScreen() {
  shownOrder().slice(0, FIRST_SCREEN).forEach(draw);
}

// Each slice draws for at least SLICE ms, or the longer idle time the browser offers: the browser
// lays out and paints after every slice, and at 10,000 questions short slices made the drawing
// take three times as long; 40 ms stays under the 50 ms a task may take before input feels late.
// The first slice waits until the page has been on screen for AFTER_OPENING ms: a slice begun
// at once ran before the page's first frames and held up its first question (and any first
// click) by a slice, in half the openings measured (docs/performance.md).
var SLICE = 40;
var AFTER_OPENING = 200;

function drawTheRest() {
  var idle = window.requestIdleCallback || function (run) {
    return window.setTimeout(function () { run({ timeRemaining: function () { return SLICE; } }); }, 16);
  };
  var order = shownOrder(), next = 0, drawingFor = arrangements;
  if (order.every(function (q) { return q.node; })) { // a bank of 100 or fewer: drawn at once
    root.dataset.drawn = "true";
    return;
  }
  function some(deadline) {
    var until = performance.now() + Math.max(deadline.timeRemaining(), SLICE);
    // Shuffled (or unshuffled) meanwhile: go on in the new order, from its top, so the questions
    // now at the top of the page come first (those drawn already are passed over at once).
    if (drawingFor !== arrangements) { order = shownOrder(); next = 0; drawingFor = arrangements; }
    var anchor = viewAnchor();
    while (next < order.length && (order[next].node || performance.now() < until)) draw(order[next++]);
    keepInView(anchor);
    if (next < order.length) idle(some, { timeout: 100 });
    else root.dataset.drawn = "true";
  }
  window.setTimeout(function () { idle(some, { timeout: 100 }); }, AFTER_OPENING);
}

// What the reader is looking at, and where it is on the screen, so that questions drawn above
// it do not push it away: the question holding the focus, else the one a link or a jump showed
// (`pinned`, where it was shown, until the reader scrolls), else whatever is at the top of the
// window. (Chromium's own scroll anchoring holds the top of the window, which is not the
// question jumped to when the page was still too short to scroll it there.)
var pinned = null;
var pinnedTop = 0;

// Call once q is where it is to stay.
function pin(q) {
  pinned = q;
  pinnedTop = q.node.getBoundingClientRect().top;
}

// q and two screens of the questions after it: a question shown at the top of the window needs
// the page to go on below it, or it sits lower and jumps up once those questions are drawn.
function drawOnward(q) {
  var order = shownOrder(), at = order.indexOf(q);
  order.slice(at, at + 2 * FIRST_SCREEN).forEach(draw);
  return q;
}

function viewAnchor() {
  // A question jumped to comes before the focus, which a link leaves on the question answered
  // before the jump.
  if (pinned) return { node: pinned.node, top: pinnedTop };
  var focused = document.activeElement && questionArea.contains(document.activeElement) ? questionOf(document.activeElement) : null;
  if (focused) return { node: focused.node, top: focused.node.getBoundingClientRect().top };
  var node = document.elementFromPoint(window.innerWidth / 2, Math.min(40, window.innerHeight - 1));
  return node && questionArea.contains(node) ? { node: node, top: node.getBoundingClientRect().top } : null;
}

function keepInView(anchor) {
  if (!anchor || !anchor.node.isConnected) return;
  var moved = anchor.node.getBoundingClientRect().top - anchor.top;
  if (moved) window.scrollBy(0, moved);
}

// The reader scrolling, or moving the focus to another question, lets go of the question jumped to.
window.addEventListener("focusin", function (event) {
  var q = questionArea.contains(event.target) ? questionOf(event.target) : null;
  if (pinned && q && q !== pinned) pinned = null;
});
["wheel", "touchstart", "mousedown"].forEach(function (type) {
  window.addEventListener(type, function () { pinned = null; }, { passive: true });
});
window.addEventListener("keydown", function (event) {
  if (/^(Page(Up|Down)|Home|End|Arrow(Up|Down)| )$/.test(event.key) && !event.target.closest("input, select, textarea")) pinned = null;
});

// Every question, at once: before printing.
function drawAll() {
  shownOrder().forEach(draw);
  root.dataset.drawn = "true";
}
