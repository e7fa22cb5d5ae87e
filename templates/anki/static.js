/* quizgen order and match cards: a new scramble on every review, never the solved one. The
   field already holds a reproducible scramble, shown as it is when scripts do not run. Items
   carry their place in the answer: data-qg-pos (order), data-qg-pair (match, a right side). */
// A, B, ..., Z, AA, AB, ... in `names`, as quizgen.present.i18n.lettered writes them.
function quizgenLettered(n, names) {
  var label = "";
  for (n += 1; n > 0; n = Math.floor((n - 1) / names.length)) { label = names[(n - 1) % names.length] + label; }
  return label;
}
function quizgenStatic() {
  var roots = document.querySelectorAll(".qg-static");
  var root = roots[roots.length - 1];
  if (!root) { return; }
  function scramble(count) {
    var order = [], k;
    for (k = 0; k < count; k++) { order.push(k); }
    if (count < 2) { return order; }
    for (var tries = 0; tries < 20; tries++) {
      for (k = count - 1; k > 0; k--) {
        var r = Math.floor(Math.random() * (k + 1));
        var t = order[k]; order[k] = order[r]; order[r] = t;
      }
      for (k = 0; k < count && order[k] === k; k++) { /* still solved so far */ }
      if (k < count) { return order; }
    }
    return order.slice(1).concat(order.slice(0, 1));
  }
  var list = root.querySelector(".qg-scrambled");
  if (list) {
    var items = [];
    for (var i = 0; i < list.children.length; i++) { items.push(list.children[i]); }
    items.sort(function (a, b) { return a.getAttribute("data-qg-pos") - b.getAttribute("data-qg-pos"); });
    var order = scramble(items.length);
    for (var j = 0; j < order.length; j++) { list.appendChild(items[order[j]]); }
  }
  var sides = root.querySelector(".qg-sides");
  if (sides && !sides.getAttribute("data-qg-fixed")) {
    var cells = sides.querySelectorAll("li[data-qg-pair]");
    var contents = [];
    for (var c = 0; c < cells.length; c++) {
      var letter = cells[c].querySelector(".qg-letter");
      if (letter) { cells[c].removeChild(letter); }
      contents[+cells[c].getAttribute("data-qg-pair")] = cells[c].innerHTML;
    }
    // The bank's letters when they are not A, B, C (data-qg-letters: أ ب ج ... in Arabic).
    var names = (sides.getAttribute("data-qg-letters") || "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("").join(" ")).split(" ");
    var places = scramble(cells.length);
    for (var row = 0; row < cells.length; row++) {
      cells[row].setAttribute("data-qg-pair", String(places[row]));
      var label = document.createElement("span");
      label.className = "qg-letter";
      label.textContent = quizgenLettered(row, names) + ".";
      cells[row].innerHTML = contents[places[row]];
      cells[row].insertBefore(label, cells[row].firstChild);
    }
  }
}
