/* ASIT scoring for the book's practice player: the rules of scripts/asit/scoring.py and the
 * points display of scripts/asit/points.py, mirrored operation for operation so that both
 * give the same floats and the same text for the same answers. No page access here: the
 * player (asit-player.js, loaded after this file) reads it as window.AsitScoring, and a test
 * loads it under Node to compare it with Python on many generated answers.
 * Self-contained (ES2017, no library, nothing fetched). */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.AsitScoring = api;
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function isId(v) { return typeof v === 'string'; }
  function idList(v) { return Array.isArray(v) && v.every(isId) ? v : null; }
  function sameMembers(a, b) {
    if (a.length !== b.length) return false;
    var x = a.slice().sort(), y = b.slice().sort();
    return x.every(function (v, i) { return v === y[i]; });
  }
  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function isNumber(v) { return typeof v === 'number' && isFinite(v); }

  // ---- the shape of an answer, by kind (answer_shape.py: well_formed, is_complete)

  // Whether an answer has the shape its kind needs; no answer at all counts as well formed.
  function wellFormed(kind, a) {
    if (a === undefined || a === null) return true;
    switch (kind) {
      case 'single': case 'decision': case 'text': return isId(a);
      case 'multiple': case 'order': return idList(a) !== null;
      case 'match': return isObject(a) && Object.keys(a).every(function (k) { return isId(a[k]); });
      case 'numeric': return isNumber(a);
      default: throw new Error('unknown question kind ' + kind);
    }
  }

  // Whether a well-formed answer is given in full; items: an order's steps or a match's items.
  function isComplete(kind, a, items) {
    if (a === undefined || a === null || !wellFormed(kind, a)) return false;
    switch (kind) {
      case 'single': case 'decision': return a !== '';
      case 'multiple': return a.length > 0;
      case 'order': return sameMembers(a, items);
      case 'match': return items.every(function (i) { return own(a, i); });
      case 'numeric': return true;
      default: return a.trim() !== '';
    }
  }

  // [pairs of steps in the right relative order, all pairs] for a full ordering (every step
  // exactly once), else null (scoring.order_pairs).
  function orderPairs(q, a) {
    var order = idList(a);
    if (order === null || !sameMembers(order, q.answer)) return null;
    var position = new Map();
    order.forEach(function (step, i) { position.set(step, i); });
    var key = q.answer, right = 0;
    for (var i = 0; i < key.length; i += 1) {
      for (var j = i + 1; j < key.length; j += 1) {
        if (position.get(key[i]) < position.get(key[j])) right += 1;
      }
    }
    return [right, key.length * (key.length - 1) / 2];
  }

  var SCORERS = {
    single: function (q, a) {
      if (!isId(a)) return 0;
      return q.options.some(function (o) { return o.id === a && o.correct; }) ? q.points : 0;
    },
    multiple: function (q, a) {
      var picks = idList(a);
      if (picks === null) return 0;
      var chosen = new Set(picks);
      var correct = new Set(q.options.filter(function (o) { return o.correct; }).map(function (o) { return o.id; }));
      var known = new Set(q.options.map(function (o) { return o.id; }));
      var hits = 0, wrong = 0;
      chosen.forEach(function (id) {
        if (correct.has(id)) hits += 1;
        else if (known.has(id)) wrong += 1;
      });
      var net = Math.max(0, hits - wrong);
      return q.points * net / correct.size;
    },
    order: function (q, a) {
      var pairs = orderPairs(q, a);
      if (pairs === null) return 0;
      return pairs[1] ? q.points * pairs[0] / pairs[1] : q.points;
    },
    match: function (q, a) {
      if (!isObject(a) || !wellFormed('match', a)) return 0;
      var items = Object.keys(q.answer);
      var right = 0;
      items.forEach(function (item) { if (own(a, item) && a[item] === q.answer[item]) right += 1; });
      return q.points * right / items.length;
    },
    numeric: function (q, a) {
      if (!isNumber(a)) return 0;
      return Math.abs(a - q.answer) <= q.tolerance ? q.points : 0;
    },
    decision: function (q, a) {
      if (!isId(a)) return 0;
      for (var i = 0; i < q.choices.length; i += 1) {
        if (q.choices[i].id === a) return q.choices[i].points;
      }
      return 0;
    },
    text: function () { return 0; }
  };

  function scoreQuestion(q, answer) { return SCORERS[q.kind](q, answer); }
  function autoPoints(q) { return q.kind === 'text' ? 0 : q.points; }

  function isAnswered(q, a) {
    var items = q.kind === 'order' ? q.answer : q.kind === 'match' ? Object.keys(q.answer) : [];
    return isComplete(q.kind, a, items);
  }

  function stageById(data, id) { return data.stages.find(function (s) { return s.id === id; }) || null; }
  function endById(data, id) { return data.ends.find(function (e) { return e.id === id; }) || null; }

  // Where a stage leads: its decision's chosen next, else the stage's own next (scoring.next_node).
  function nextNode(stage, answers) {
    for (var i = 0; i < stage.questions.length; i += 1) {
      var q = stage.questions[i];
      if (q.kind === 'decision') {
        var chosen = answers[q.id];
        var c = q.choices.find(function (x) { return x.id === chosen; });
        return c ? c.next : null;
      }
    }
    return stage.next;
  }

  // A path's score: every question of every visited stage, in order (scoring.play's loop).
  function pathScore(data, path, answers) {
    var score = 0;
    path.forEach(function (id) {
      stageById(data, id).questions.forEach(function (q) {
        score += scoreQuestion(q, own(answers, q.id) ? answers[q.id] : undefined);
      });
    });
    return score;
  }

  // ---- points as a person reads them (points.py): half up to two decimals, no trailing zeros

  var HALF_TOLERANCE = 1e-9;
  function hundredths(value) { return Math.floor(value * 100 + 0.5 + HALF_TOLERANCE); }
  function roundPoints(value) { return hundredths(value) / 100; }
  function pointsNumber(value) {
    var count = hundredths(value);
    var sign = count < 0 ? '-' : '';
    var rest = Math.abs(count);
    var whole = Math.floor(rest / 100), part = rest % 100;
    if (part === 0) return sign + String(whole);
    return sign + String(whole) + '.' + ((part < 10 ? '0' : '') + String(part)).replace(/0+$/, '');
  }
  function pointsPhrase(value) {
    var number = pointsNumber(value);
    return number + (number === '1' ? ' point' : ' points');
  }

  return {
    isObject: isObject, own: own, orderPairs: orderPairs, scoreQuestion: scoreQuestion, autoPoints: autoPoints,
    wellFormed: wellFormed, isComplete: isComplete, isAnswered: isAnswered, stageById: stageById, endById: endById, nextNode: nextNode, pathScore: pathScore,
    roundPoints: roundPoints, pointsNumber: pointsNumber, pointsPhrase: pointsPhrase
  };
}));
