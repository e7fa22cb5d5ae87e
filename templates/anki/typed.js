/* quizgen numeric cards with a range or a tolerance. Anki compares a typed answer with the
   Answer field as text, so "3.142" never equals "3.14 to 3.15". When the Accepted field gives
   bounds (data-qg-low, data-qg-high), this compares the typed number with them and says so,
   in place of Anki's text comparison. The front keeps what was typed (AnkiDroid reloads the
   page for the back); the back also reads Anki's own comparison, which holds the typed text.
   Without either, the back still lists the accepted answers, and nothing here runs. */
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
  var bounds = root.querySelector("[data-qg-low]");
  if (!bounds) { return; }
  var low = parseFloat(bounds.getAttribute("data-qg-low"));
  var high = parseFloat(bounds.getAttribute("data-qg-high"));
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
  /* A plain decimal number, a comma allowed as the decimal mark; the unit may follow. */
  var match = /^([-+\u2212]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)(?:\s*\S.*)?$/.exec(typed);
  var value = match ? parseFloat(match[1].replace(",", ".").replace("\u2212", "-")) : NaN;
  var right = !isNaN(value) && value >= low && value <= high;
  var verdict = root.querySelector(".qg-verdict");
  if (!verdict) { return; }
  verdict.textContent = right ? "Correct: " + typed + " is accepted."
    : "Not quite: " + typed + " is not in the accepted range.";
  verdict.className += right ? " qg-verdict-right" : " qg-verdict-wrong";
  root.className += " qg-graded";
}
