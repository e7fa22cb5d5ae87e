// events: the page's controls wired to the actions, then the first render.

document.getElementById("confirm-yes").addEventListener("click", function () { answerDialog(true); });
document.getElementById("confirm-no").addEventListener("click", function () { answerDialog(false); });
dialog.addEventListener("close", function () { if (onConfirm) answerDialog(false); }); // Escape

form.addEventListener("input", function (event) {
  var q = event.target.closest("fieldset.question");
  if (!q) return;
  if (event.target.classList.contains("essay-answer")) recordText(q, event.target);
  else record(q);
});
form.addEventListener("change", function (event) {
  var q = event.target.closest("fieldset.question");
  if (!q || event.target.classList.contains("essay-answer")) return;
  record(q);
  if (q.dataset.type === "match") showPicks(q);
  // A flashcard's rating is its check (practice only: the exam does not score cards).
  if (selfGraded(q.dataset.type) && event.target.closest(".rating")) check(q);
});
form.addEventListener("click", function (event) {
  var button = event.target.closest("button");
  if (!button || button.disabled) return;
  var q = button.closest("fieldset.question");
  if (button.classList.contains("check")) check(q);
  else if (button.classList.contains("move")) move(button);
  else if (button.classList.contains("keep-order")) keepOrder(q);
  else if (button.classList.contains("reveal")) reveal(q);
});
form.addEventListener("keydown", function (event) {
  // Enter in a field never submits the whole form (the browser's implicit submission): in a
  // text box it checks that question (practice); on a choice it does nothing.
  if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
  event.preventDefault();
  var q = event.target.closest("fieldset.question");
  if (q && event.target.type === "text" && !exam() && !isGraded(q)) check(q);
});
form.addEventListener("submit", function (event) {
  event.preventDefault();
  trySubmit();
});
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

rememberAsBuilt();
applyShuffle();
renderAll(true);
delete main.dataset.loading;
root.dataset.ready = "true";
