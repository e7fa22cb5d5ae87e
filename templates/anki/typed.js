/* quizgen typed-answer cards (short and numeric). Anki compares a typed answer with the Answer
   field letter for letter, so "Meta\u2019s" (a curly apostrophe) is not "Meta's" and "3.142" is
   not "3.14 to 3.15". This grades what was typed with quizgen's grading model (grading.js, the
   same rules as the HTML page; its settings are in the Accepted field's data-qg-grading) and
   says so in place of Anki's comparison. The front keeps what was typed (AnkiDroid reloads the page for the back); the back
   also reads Anki's own comparison, which holds the typed text. Without either (a preview, the
   back alone), the back still lists every accepted answer, and nothing here runs. */
function quizgenTyped(side) {
  var roots = document.querySelectorAll(".qg-typed");
  var root = roots[roots.length - 1];
  if (!root) { return; }
  var key = "quizgen-typed:" + root.getAttribute("data-qg-key");
  var store = null;
  try { store = window.sessionStorage; store.getItem(key); } catch (e) { store = null; }
  var memory = window.quizgenTypedMemory || (window.quizgenTypedMemory = {});
  function save(value) {
    memory[key] = value;
    try { if (store) { store.setItem(key, value); } } catch (e) { /* memory is enough */ }
  }
  function saved() {
    try { if (store && store.getItem(key) !== null) { return store.getItem(key); } } catch (e) { /* none */ }
    return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
  }
  if (side === "front") {
    save("");
    var box = document.getElementById("typeans");
    if (box && box.tagName === "INPUT") {
      box.addEventListener("input", function () { save(box.value); });
    }
    return;
  }
  var holder = root.querySelector("[data-qg-grading]");
  if (!holder || !window.QuizgenGrading) { return; }
  var spec;
  try { spec = JSON.parse(holder.getAttribute("data-qg-grading")); } catch (e) { return; }
  var typed = saved();
  var compared = document.getElementById("typeans");
  if (!typed && compared && compared.tagName !== "INPUT") {
    /* Anki's comparison: the typed text comes first, up to the arrow; dashes mark missing text. */
    typed = "";
    for (var node = compared.firstChild; node && node.id !== "typearrow"; node = node.nextSibling) {
      if (node.nodeName !== "BR" && !(node.className && /typeMissed/.test(node.className))) {
        typed += node.textContent;
      }
    }
  }
  typed = (typed || "").replace(/^\s+|\s+$/g, "");
  if (!typed) { return; }
  var graded = window.QuizgenGrading.grade(spec, typed);
  var right = graded.status === "correct";
  var verdict = root.querySelector(".qg-verdict");
  if (!verdict) { return; }
  /* The words are the bank's, in its language, on the same element as the grading settings
     (notes.py); these shared templates hold only English, for notes built before that.
     The typed text goes where the words say %(answer)s, as text. */
  var words = holder.getAttribute(right ? "data-qg-right" : "data-qg-wrong");
  if (words === null) {
    words = right ? "Correct: \u201c%(answer)s\u201d is accepted." : "Not quite: \u201c%(answer)s\u201d is not accepted.";
  }
  var text = words.split("%(answer)s").join(typed);
  /* A number right only when read with the other decimal mark: the verdict says which mark the
     quiz uses, and the number written with it. */
  if (graded.otherDecimal !== undefined && graded.otherDecimal !== null) {
    var hint = holder.getAttribute("data-qg-decimal");
    if (hint === null) {
      hint = "In this quiz a " + (spec.decimal === "," ? "comma" : "point") + " marks decimals: did you mean %(number)s?";
    }
    text += " " + hint.split("%(number)s").join(String(graded.otherDecimal).replace(".", spec.decimal || "."));
  }
  verdict.textContent = text;
  var field = holder.closest ? holder.closest("[lang]") : null;  /* the verdict speaks as the field */
  if (field && root.contains(field)) {
    verdict.setAttribute("lang", field.getAttribute("lang"));
    if (field.getAttribute("dir")) { verdict.setAttribute("dir", field.getAttribute("dir")); }
  }
  verdict.className += right ? " qg-verdict-right" : " qg-verdict-wrong";
  root.className += " qg-graded";
}
