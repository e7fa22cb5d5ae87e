/* quizgen's self-grading quiz page. Plain JavaScript, no dependencies, no network.
 *
 * quizgen writes the page's frame and each question as data; this script draws the questions
 * (draw.js), grades, shows feedback, keeps progress in localStorage and reorders things when
 * asked to shuffle.
 * The answer key is XOR-encoded (see docs/html.md): it hides answers from a casual look at the
 * page source, nothing more.
 *
 * The script is built from the parts in quiz/, joined in the order below: quizgen replaces
 * each include line with that file (quizgen.present.templating.source_with_includes), so the
 * parts share this one function's scope. Each part says what it holds at its top. Every change
 * of the state goes through update() (actions.js), which saves it and draws what changed.
 */
(function () {
  "use strict";

<!-- include quiz/words.js -->
<!-- include quiz/key.js -->
<!-- include quiz/store.js -->
<!-- include quiz/answers.js -->
<!-- include quiz/draw.js -->
<!-- include quiz/render.js -->
<!-- include quiz/shuffle.js -->
<!-- include quiz/actions.js -->
<!-- include quiz/export.js -->
<!-- include quiz/events.js -->
})();
