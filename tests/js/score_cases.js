'use strict';
/* Scores generated cases with the book player's scoring file, for a comparison with Python.
 * Usage: node score_cases.js <asit-scoring.js>, cases as JSON on stdin, results as JSON on
 * stdout. A number JSON cannot carry (NaN, Infinity) arrives as {"\u0000asit-number": text}.
 * Scenario paths are walked as the player walks them (Player.go): from the first stage to the
 * next while the next is a stage not visited yet. */
const scoring = require(process.argv[2]);

const MARK = '\u0000asit-number';
function revive(key, value) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === MARK) return Number(value[MARK]);
  }
  return value;
}

function walk(data, answers) {
  const path = [];
  let node = data.stages[0].id;
  while (node !== null && node !== undefined && scoring.stageById(data, node) && path.indexOf(node) < 0) {
    path.push(node);
    node = scoring.nextNode(scoring.stageById(data, node), answers);
  }
  const end = scoring.endById(data, node) ? node : null;
  return { path: path, end: end, score: scoring.pathScore(data, path, answers) };
}

const chunks = [];
process.stdin.on('data', function (chunk) { chunks.push(chunk); });
process.stdin.on('end', function () {
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'), revive);
  const questions = cases.questions;
  const out = {
    answers: cases.answers.map(function (pair) {
      const q = questions[pair[0]];
      const answer = pair.length > 1 ? pair[1] : undefined;
      return {
        score: scoring.scoreQuestion(q, answer),
        answered: scoring.isAnswered(q, answer),
        formed: scoring.wellFormed(q.kind, answer),
        pairs: q.kind === 'order' ? scoring.orderPairs(q, answer) : null
      };
    }),
    plays: cases.plays.map(function (pair) { return walk(cases.scenarios[pair[0]], pair[1]); }),
    points: cases.points.map(function (value) {
      return [scoring.pointsNumber(value), scoring.pointsPhrase(value), scoring.roundPoints(value)];
    })
  };
  process.stdout.write(JSON.stringify(out));
});
