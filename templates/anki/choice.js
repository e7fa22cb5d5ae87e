/* quizgen choice cards. The front lets the learner pick; the back marks the picks.
   Anki may reload the page between the two sides (AnkiDroid) or show the back alone
   (previews), so the picks travel in sessionStorage under the note's id, and the back
   reads correctly without them: the right choices are marked by the stylesheet alone. */
function quizgenChoice(side) {
  var roots = document.querySelectorAll(".qg-choice");
  var root = roots[roots.length - 1];
  if (!root) { return; }
  var store = (function () {
    try {
      var s = window.sessionStorage, probe = "quizgen-probe";
      s.setItem(probe, probe);
      s.removeItem(probe);
      return s;
    } catch (e) {
      var memory = window.quizgenMemory || (window.quizgenMemory = {});
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); }
      };
    }
  })();
  var key = "quizgen:" + root.getAttribute("data-qg-key");
  var list = root.querySelector(".qg-choices");
  if (!list) { return; }
  var items = [];
  for (var i = 0; i < list.children.length; i++) {
    items.push(list.children[i]);
    list.children[i].setAttribute("data-qg-index", String(i));
  }
  var multiple = root.getAttribute("data-qg-multiple") !== "";
  /* The words are the bank's, in its language: data-qg-* on the field's list (notes.py). These
     templates are shared by every quizgen deck, so they hold only English, for notes built
     before the words were in the field. */
  function word(name, english) {
    var text = list.getAttribute("data-qg-" + name);
    return text === null ? english : text;
  }
  /* The verdict is the template's, outside the field: it takes the field's language and direction
     (a non-English field's wrapper; never the reviewer's own page language). */
  function speak(element) {
    var field = list.closest ? list.closest("[lang]") : null;
    if (!field || !root.contains(field)) { return; }
    element.setAttribute("lang", field.getAttribute("lang"));
    if (field.getAttribute("dir")) { element.setAttribute("dir", field.getAttribute("dir")); }
  }

  function load() {
    try {
      var saved = JSON.parse(store.getItem(key) || "null");
      if (saved && saved.order && saved.order.length === items.length && saved.picks) { return saved; }
    } catch (e) { /* an unreadable entry is the same as none */ }
    return null;
  }
  function arrange(order) {
    for (var k = 0; k < order.length; k++) {
      if (items[order[k]]) { list.appendChild(items[order[k]]); }
    }
  }
  function has(picks, index) {
    for (var k = 0; k < picks.length; k++) { if (picks[k] === index) { return true; } }
    return false;
  }

  if (side === "front") {
    if (!root.querySelector(".qg-choices-box .qg-hint")) {  /* a note built before the field held its hint */
      var hint = document.createElement("div");
      hint.className = "qg-hint";
      hint.textContent = multiple ? "Choose all that apply." : "Choose one.";
      var box = root.querySelector(".qg-choices-box");
      box.parentNode.insertBefore(hint, box);
    }
    var order = [];
    for (var n = 0; n < items.length; n++) { order.push(n); }
    if (root.getAttribute("data-qg-shuffle") !== "") {
      for (var j = order.length - 1; j > 0; j--) {
        var r = Math.floor(Math.random() * (j + 1));
        var t = order[j]; order[j] = order[r]; order[r] = t;
      }
    }
    var state = {order: order, picks: []};
    store.setItem(key, JSON.stringify(state));
    arrange(order);
    list.setAttribute("role", multiple ? "group" : "radiogroup");
    var paint = function () {
      for (var m = 0; m < items.length; m++) {
        var picked = has(state.picks, m);
        items[m].className = items[m].className.replace(/\s*qg-picked/g, "") + (picked ? " qg-picked" : "");
        items[m].setAttribute("aria-checked", picked ? "true" : "false");
      }
    };
    var pick = function (index) {
      if (!multiple) {
        state.picks = [index];
      } else if (has(state.picks, index)) {
        state.picks = state.picks.filter(function (p) { return p !== index; });
      } else {
        state.picks.push(index);
      }
      store.setItem(key, JSON.stringify(state));
      paint();
    };
    for (var c = 0; c < items.length; c++) {
      (function (index) {
        var item = items[index];
        item.setAttribute("role", multiple ? "checkbox" : "radio");
        item.setAttribute("tabindex", "0");
        /* Phones decide before the page does whether a tap is a pick or a "show the answer"
           gesture: AnkiMobile and AnkiDroid leave the tap to the page only for elements with an
           onclick handler or the class "tappable". So both, not addEventListener. */
        item.className += " tappable";
        item.onclick = function () { pick(index); };
        item.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); event.stopPropagation(); pick(index); }
        });
      })(c);
    }
    paint();
    return;
  }

  var saved = load();
  if (!saved) { return; }  /* shown alone: the stylesheet already marks the right choices */
  arrange(saved.order);
  var allRight = true;
  for (var b = 0; b < items.length; b++) {
    var right = / ?qg-right\b/.test(items[b].className);
    var chosen = has(saved.picks, b);
    if (chosen) {
      items[b].className += right ? " qg-hit" : " qg-wrong";
      items[b].setAttribute("data-qg-yours", word("yours", "(your pick)"));  /* the stylesheet shows it */
    }
    else if (right) { items[b].className += " qg-missed"; }
    if (chosen !== right) { allRight = false; }
  }
  root.className += " qg-answered";
  var verdict = root.querySelector(".qg-verdict");
  if (verdict) {
    verdict.textContent = saved.picks.length === 0 ? word("none", "You did not pick an answer.")
      : allRight ? word("right", "Correct.") : word("wrong", "Not quite: compare your picks with the marked answer.");
    speak(verdict);
    verdict.className += saved.picks.length && allRight ? " qg-verdict-right" : " qg-verdict-wrong";
  }
}
