// events: the page's controls wired to the actions, then the first render and drawing.

document.getElementById("confirm-yes").addEventListener("click", function () { answerDialog(true); });
document.getElementById("confirm-no").addEventListener("click", function () { answerDialog(false); });
dialog.addEventListener("close", function () { if (onConfirm) answerDialog(false); }); // Escape

questionArea.addEventListener("input", function (event) {
  var q = questionOf(event.target);
  if (!q) return;
  if (event.target.classList.contains("essay-answer")) recordText(q, event.target);
  else record(q);
});
questionArea.addEventListener("change", function (event) {
  var q = questionOf(event.target);
  if (!q || event.target.classList.contains("essay-answer")) return;
  record(q);
  if (q.type === "match") showPicks(q);
  // A flashcard's rating is its check (practice only: the exam does not score cards).
  if (selfGraded(q.type) && event.target.closest(".rating")) check(q);
});
questionArea.addEventListener("click", function (event) {
  var button = event.target.closest("button");
  if (!button || button.disabled) return;
  var q = questionOf(button);
  if (button.classList.contains("check")) check(q);
  else if (button.classList.contains("move")) move(button);
  else if (button.classList.contains("keep-order")) keepOrder(q);
  else if (button.classList.contains("reveal")) reveal(q);
});
questionArea.addEventListener("keydown", function (event) {
  // Enter in a text box checks that question (practice); on a choice it does nothing.
  if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
  event.preventDefault();
  var q = questionOf(event.target);
  if (q && event.target.type === "text" && !exam() && !isGraded(q)) check(q);
});
document.getElementById("submit").addEventListener("click", trySubmit);
settings.addEventListener("submit", function (event) { event.preventDefault(); });
settings.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.tagName === "INPUT") event.preventDefault();
});
settings.addEventListener("change", function (event) {
  var target = event.target;
  if (target.name === "mode") {
    switchMode(target.value);
  } else if (target.name === "shuffle") {
    switchShuffle(target.checked);
  }
});
document.getElementById("start-over").addEventListener("click", startOver);
document.getElementById("restart-exam").addEventListener("click", restartExam);
document.getElementById("retry").addEventListener("click", retryMissed);
document.getElementById("show-all").addEventListener("click", toggleFilter);
document.getElementById("save-attempts").addEventListener("click", saveAttempts);

// A link to one question (page.html#q-ID) draws it and shows it; printing draws every question.
function showLinked() {
  var q = byId[decodeURIComponent(location.hash.replace(/^#q-/, ""))];
  if (q && location.hash.indexOf("#q-") === 0) {
    drawOnward(q).node.scrollIntoView();
    pin(q);
  }
}
window.addEventListener("hashchange", showLinked);
window.addEventListener("beforeprint", drawAll);

applyShuffle();
renderAll(true);
drawFirstScreen();
showLinked();
delete main.dataset.loading;
root.dataset.ready = "true";
drawTheRest();
