/* ASIT practice player: plays a scenario page's case stage by stage, with instant feedback
 * and a score, and shows the learner's progress kept in this browser (localStorage).
 * Self-contained (ES2017, no library, nothing fetched). Without JavaScript the page shows
 * the static version of the case; the player hides it when it starts (and print shows it).
 * Scoring and points display come from asit-scoring.js (loaded first), which mirrors
 * scripts/asit/scoring.py and points.py: tests require the same floats and text as Python. */
(function () {
  'use strict';

  // ------------------------------------------------------------ scoring (asit-scoring.js)

  var scoring = window.AsitScoring;
  if (!scoring) return; // the scoring file did not load: the static case stays
  var isObject = scoring.isObject, own = scoring.own, scoreQuestion = scoring.scoreQuestion;
  var autoPoints = scoring.autoPoints, isAnswered = scoring.isAnswered, nextNode = scoring.nextNode;
  var pathScore = scoring.pathScore, stageById = scoring.stageById, endById = scoring.endById;

  // ------------------------------------------------------------ hooks for other scripts

  // Other scripts (asit-lms.js reports to an LMS or LRS) push a function onto
  // window.asitPlayerHooks; each gets (event, details) for 'started', 'answered' and
  // 'finished', with the scores computed here. A failing hook never stops the player.
  function emit(name, details) {
    (window.asitPlayerHooks || []).forEach(function (hook) {
      try { hook(name, details); } catch (e) { /* the learner's play goes on */ }
    });
  }

  // ------------------------------------------------------------ small helpers

  // Points as every part of the course shows them (points.py): "0.13", "2 points".
  var fmt = scoring.pointsNumber, points = scoring.pointsPhrase;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'html') node.innerHTML = v; // HTML made by the course's Markdown renderer (no raw HTML)
      else if (k === 'text') node.textContent = v;
      else if (k === 'className') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  // A one-paragraph Markdown fragment as inline HTML, so it can sit in a label or a list item.
  function inline(html) {
    var m = /^<p>([\s\S]*)<\/p>$/.exec(html);
    return m && m[1].indexOf('<p>') < 0 ? m[1] : html;
  }
  function plain(html) { var d = document.createElement('div'); d.innerHTML = html; return d.textContent.trim(); }
  function esc(text) { var d = document.createElement('div'); d.textContent = text; return d.innerHTML; }
  function srOnly(text) { return el('span', { className: 'asit-sr', text: text }); }

  function focusOn(node) {
    if (!node) return;
    if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: 'start', behavior: 'auto' });
  }

  // ------------------------------------------------------------ progress (localStorage)

  var STORE_VERSION = 1;
  function storeKey(course) { return 'asit-progress:' + (course || 'asit-thb'); }

  function loadProgress(course) {
    try {
      var raw = window.localStorage.getItem(storeKey(course));
      var parsed = raw ? JSON.parse(raw) : null;
      if (isObject(parsed) && parsed.version === STORE_VERSION && isObject(parsed.scenarios)) return parsed;
    } catch (e) { /* storage off or unreadable: start empty */ }
    return { version: STORE_VERSION, scenarios: {} };
  }

  function saveProgress(course, progress) {
    try {
      window.localStorage.setItem(storeKey(course), JSON.stringify(progress));
      return true;
    } catch (e) {
      return false;
    }
  }

  function recordPlay(course, data, score, end) {
    var progress = loadProgress(course);
    var old = isObject(progress.scenarios[data.id]) ? progress.scenarios[data.id] : {};
    var best = typeof old.best === 'number' ? Math.max(old.best, score) : score;
    progress.scenarios[data.id] = {
      title: data.title, plays: (old.plays || 0) + 1, best: best, last: score,
      max: data.max_score, end: end ? end.id : null, end_title: end ? end.title : null
    };
    return saveProgress(course, progress);
  }

  function describeRecord(rec) {
    var times = rec.plays === 1 ? 'once' : rec.plays + ' times';
    return 'Played ' + times + '. Best score: ' + fmt(rec.best) + ' of ' + fmt(rec.max) +
      '. Last score: ' + fmt(rec.last) + ' of ' + fmt(rec.max) + '.';
  }

  // ------------------------------------------------------------ the player

  var CHECK_LABELS = { decision: 'Decide', text: 'Show the model answer' };
  var players = 0;

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.course = root.getAttribute('data-course') || 'asit-thb';
    this.progressPage = root.getAttribute('data-progress-page');
    this.status = el('p', { className: 'asit-sr', role: 'status', 'aria-live': 'polite' });
    this.box = el('div', { className: 'asit-player', role: 'region', 'aria-label': 'Practice case: ' + data.title });
    root.appendChild(this.box);
    root.classList.add('asit-live');
    this.start(false);
  }

  Player.prototype.start = function (moveFocus) {
    players += 1;
    this.prefix = 'asit' + players + '-';
    this.path = [];
    this.answers = {};
    this.end = null;
    this.finished = false;
    this.box.innerHTML = '';
    this.intro = el('div', { className: 'asit-intro' }, [el('div', { html: this.data.summary })]);
    this.record = el('p', { className: 'asit-record' });
    this.intro.appendChild(this.record);
    this.scorebar = el('p', { className: 'asit-scorebar' });
    this.stages = el('div', { className: 'asit-stages' });
    this.box.appendChild(this.intro);
    this.box.appendChild(this.scorebar);
    this.box.appendChild(this.stages);
    this.box.appendChild(this.status);
    this.showRecord();
    this.updateScore();
    this.showStage(this.data.stages[0].id, moveFocus);
    emit('started', { scenario: this.data });
  };

  Player.prototype.showRecord = function () {
    var rec = loadProgress(this.course).scenarios[this.data.id];
    this.record.textContent = isObject(rec) && rec.plays ? 'Your results so far: ' + describeRecord(rec) : '';
    this.record.hidden = !this.record.textContent;
  };

  Player.prototype.score = function () { return pathScore(this.data, this.path, this.answers); };

  Player.prototype.updateScore = function () {
    this.scorebar.innerHTML = '';
    this.scorebar.appendChild(el('span', { className: 'asit-scorebar-label', text: 'Score so far: ' }));
    this.scorebar.appendChild(el('strong', { text: fmt(this.score()) }));
    this.scorebar.appendChild(document.createTextNode(' of ' + points(this.data.max_score) + ' on the best path'));
  };

  Player.prototype.announce = function (text) {
    var status = this.status;
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  };

  Player.prototype.showStage = function (id, moveFocus) {
    var self = this;
    var stage = stageById(this.data, id);
    this.path.push(id);
    var hid = this.prefix + 'stage-' + id;
    var section = el('section', { className: 'asit-stage', 'data-stage': id, 'aria-labelledby': hid });
    var heading = el('h2', { id: hid, className: 'asit-stage-title', tabindex: '-1' }, [
      el('span', { className: 'asit-stage-number', text: 'Stage ' + this.path.length }), ' ',
      el('span', { text: stage.title })
    ]);
    section.appendChild(heading);
    section.appendChild(el('div', { className: 'asit-story', html: stage.story }));
    var total = stage.questions.length;
    stage.questions.forEach(function (q, i) { section.appendChild(self.question(stage, q, i + 1, total)); });
    this.nav = el('div', { className: 'asit-stage-nav' });
    section.appendChild(this.nav);
    this.stages.appendChild(section);
    this.stageNode = section;
    this.updateNav(stage);
    if (moveFocus) focusOn(heading);
  };

  Player.prototype.updateNav = function (stage) {
    var self = this;
    var open = stage.questions.filter(function (q) { return !own(self.answers, q.id); }).length;
    this.nav.innerHTML = '';
    if (open) {
      var left = open === 1 ? 'one question' : open + ' questions';
      this.nav.appendChild(el('p', { className: 'asit-hint', text: 'To go on, answer and check ' + left + ' above.' }));
      return;
    }
    var target = nextNode(stage, this.answers);
    var label = endById(this.data, target) ? 'See how the case ends' : 'Continue to the next stage';
    var button = el('button', { type: 'button', className: 'asit-button asit-primary asit-continue', text: label });
    button.addEventListener('click', function () {
      self.nav.innerHTML = '';
      self.go(target);
    });
    this.nav.appendChild(button);
  };

  Player.prototype.go = function (target) {
    if (target !== null && target !== undefined && stageById(this.data, target) && this.path.indexOf(target) < 0) {
      this.showStage(target, true);
    } else {
      this.finish(endById(this.data, target));
    }
  };

  // ---- one question: a fieldset named by its heading and prompt, inputs, Check, feedback

  Player.prototype.question = function (stage, q, number, total) {
    var self = this;
    var id = this.prefix + 'q-' + q.id;
    var meta = q.kind === 'text' ? 'not scored' : points(q.points);
    var fieldset = el('fieldset', {
      className: 'asit-q asit-q-' + q.kind, id: id, 'data-question': q.id, 'data-kind': q.kind,
      'aria-labelledby': id + '-head ' + id + '-prompt'
    });
    fieldset.appendChild(el('legend', { id: id + '-head', className: 'asit-q-head' }, [
      'Question ' + number + ' of ' + total + ' ',
      el('span', { className: 'asit-q-meta', text: '(' + meta + ') ' + q.hint })
    ]));
    fieldset.appendChild(el('div', { id: id + '-prompt', className: 'asit-q-prompt', html: q.prompt }));
    var body = el('div', { className: 'asit-q-body' });
    var read = this['input_' + q.kind](q, body, id);
    fieldset.appendChild(body);
    var error = el('p', { className: 'asit-q-error', id: id + '-error', hidden: true });
    var check = el('button', {
      type: 'button', className: 'asit-button asit-primary asit-check', text: CHECK_LABELS[q.kind] || 'Check'
    });
    var feedback = el('div', { className: 'asit-feedback', hidden: true });
    check.addEventListener('click', function () {
      var answer = read();
      if (!isAnswered(q, answer)) {
        error.textContent = q.kind === 'match' ? 'Choose an entry for every item first.' : 'Answer the question first.';
        error.hidden = false;
        self.announce(error.textContent);
        return;
      }
      error.hidden = true;
      self.answers[q.id] = answer;
      emit('answered', { scenario: self.data, question: q, answer: answer, score: scoreQuestion(q, answer) });
      fieldset.classList.add('asit-answered');
      fieldset.querySelectorAll('input, select, textarea, .asit-move').forEach(function (n) { n.disabled = true; });
      check.remove();
      self.feedback(q, answer, feedback);
      feedback.hidden = false;
      self.updateScore();
      self.updateNav(stage);
      focusOn(feedback.querySelector('.asit-result'));
    });
    fieldset.appendChild(el('div', { className: 'asit-q-actions' }, [check, error]));
    fieldset.appendChild(feedback);
    return fieldset;
  };

  Player.prototype.choiceList = function (q, items, type, body, id) {
    var list = el('div', { className: 'asit-options' });
    items.forEach(function (item) {
      var input = el('input', { type: type, name: id, value: item.id });
      list.appendChild(el('label', { className: 'asit-option' }, [
        input, el('span', { className: 'asit-option-text', html: inline(item.text) })
      ]));
    });
    body.appendChild(list);
    return list;
  };

  Player.prototype.input_single = function (q, body, id) {
    var list = this.choiceList(q, q.options, 'radio', body, id);
    return function () { var c = list.querySelector('input:checked'); return c ? c.value : undefined; };
  };
  Player.prototype.input_decision = function (q, body, id) {
    var list = this.choiceList(q, q.choices, 'radio', body, id);
    return function () { var c = list.querySelector('input:checked'); return c ? c.value : undefined; };
  };
  Player.prototype.input_multiple = function (q, body, id) {
    var list = this.choiceList(q, q.options, 'checkbox', body, id);
    return function () {
      return Array.prototype.map.call(list.querySelectorAll('input:checked'), function (c) { return c.value; });
    };
  };

  Player.prototype.input_order = function (q, body, id) {
    var self = this;
    var list = el('ol', { className: 'asit-order' });
    var n = q.items.length;
    function refresh() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.querySelector('.asit-order-pos').textContent = String(i + 1);
        li.querySelector('.asit-up').disabled = i === 0;
        li.querySelector('.asit-down').disabled = i === n - 1;
      });
    }
    function move(li, delta, button) {
      var items = Array.prototype.slice.call(list.children);
      var at = items.indexOf(li) + delta;
      if (at < 0 || at >= n) return;
      if (delta < 0) list.insertBefore(li, items[at]);
      else list.insertBefore(li, items[at].nextSibling);
      refresh();
      var focus = button.disabled ? li.querySelector(delta < 0 ? '.asit-down' : '.asit-up') : button;
      focus.focus();
      self.announce(li.getAttribute('data-label') + ': now at position ' + (at + 1) + ' of ' + n + '.');
    }
    q.items.forEach(function (item) {
      var label = plain(item.text);
      var up = el('button', { type: 'button', className: 'asit-button asit-move asit-up' }, [
        el('span', { 'aria-hidden': 'true', text: '↑' }), srOnly('Move up: ' + label)
      ]);
      var down = el('button', { type: 'button', className: 'asit-button asit-move asit-down' }, [
        el('span', { 'aria-hidden': 'true', text: '↓' }), srOnly('Move down: ' + label)
      ]);
      var li = el('li', { className: 'asit-order-item', 'data-item': item.id, 'data-label': label }, [
        el('span', { className: 'asit-order-pos', 'aria-hidden': 'true' }),
        el('span', { className: 'asit-order-text', html: inline(item.text) }),
        el('span', { className: 'asit-order-buttons' }, [up, down])
      ]);
      up.addEventListener('click', function () { move(li, -1, up); });
      down.addEventListener('click', function () { move(li, 1, down); });
      list.appendChild(li);
    });
    refresh();
    body.appendChild(list);
    return function () {
      return Array.prototype.map.call(list.children, function (li) { return li.getAttribute('data-item'); });
    };
  };

  Player.prototype.input_match = function (q, body, id) {
    var rows = el('div', { className: 'asit-match' });
    var selects = q.items.map(function (item, i) {
      var sid = id + '-m' + i;
      var select = el('select', { id: sid, 'data-item': item.id }, [el('option', { value: '', text: 'Choose…' })]);
      q.targets.forEach(function (t) { select.appendChild(el('option', { value: t.id, text: plain(t.text) })); });
      rows.appendChild(el('div', { className: 'asit-match-row' }, [
        el('label', { for: sid, className: 'asit-match-item', html: inline(item.text) }), select
      ]));
      return select;
    });
    body.appendChild(rows);
    return function () {
      var answer = {};
      selects.forEach(function (s) { if (s.value !== '') answer[s.getAttribute('data-item')] = s.value; });
      return answer;
    };
  };

  Player.prototype.input_numeric = function (q, body, id) {
    var input = el('input', { type: 'number', step: 'any', inputmode: 'decimal', id: id + '-input', className: 'asit-number' });
    body.appendChild(el('div', { className: 'asit-numeric' }, [
      el('label', { for: id + '-input', text: 'Your answer' + (q.unit ? ' (' + q.unit + ')' : '') }), input
    ]));
    return function () { return input.value.trim() === '' ? undefined : Number(input.value); };
  };

  Player.prototype.input_text = function (q, body, id) {
    var area = el('textarea', { id: id + '-input', rows: '5', className: 'asit-textarea' });
    body.appendChild(el('div', { className: 'asit-text' }, [el('label', { for: id + '-input', text: 'Your answer' }), area]));
    return function () { return area.value; };
  };

  // ---- feedback after Check

  function verdict(got, max, kind) {
    if (kind === 'decision') {
      if (got >= max) return ['right', '✓', 'The best choice'];
      return got > 0 ? ['partial', '◐', 'A partly good choice'] : ['wrong', '✗', 'A poor choice'];
    }
    if (got >= max) return ['right', '✓', 'Right'];
    return got > 0 ? ['partial', '◐', 'Partly right'] : ['wrong', '✗', 'Not right'];
  }

  function note(kind, mark, tag, html, extra) {
    return el('li', { className: 'asit-fb asit-fb-' + kind }, [
      el('span', { className: 'asit-fb-tag' }, [el('span', { 'aria-hidden': 'true', text: mark + ' ' }), tag]),
      el('span', { className: 'asit-fb-what', html: inline(html) }),
      extra ? el('div', { className: 'asit-fb-why', html: extra }) : null
    ]);
  }

  Player.prototype.feedback = function (q, answer, box) {
    var got = scoreQuestion(q, answer);
    var result;
    if (q.kind === 'text') {
      result = el('p', { className: 'asit-result asit-result-info' }, [
        el('span', { className: 'asit-badge', text: 'Compare your answer' }), ' Written answers are not scored here (0 points).'
      ]);
    } else {
      var v = verdict(got, q.points, q.kind);
      result = el('p', { className: 'asit-result asit-result-' + v[0] }, [
        el('span', { className: 'asit-badge' }, [el('span', { 'aria-hidden': 'true', text: v[1] + ' ' }), v[2]]),
        ' You got ' + fmt(got) + ' of ' + points(q.points) + '.'
      ]);
    }
    box.appendChild(result);
    var list = el('ul', { className: 'asit-fb-list' });
    if (q.kind === 'single' || q.kind === 'multiple') {
      var chosen = q.kind === 'single' ? [answer] : answer;
      q.options.forEach(function (o) {
        var picked = chosen.indexOf(o.id) >= 0;
        if (picked && o.correct) list.appendChild(note('right', '✓', 'Your choice, right:', o.text, o.feedback));
        else if (picked) list.appendChild(note('wrong', '✗', 'Your choice, not right:', o.text, o.feedback));
        else if (o.correct) list.appendChild(note('missed', '!', 'Missed, this one is right:', o.text, o.feedback));
      });
    } else if (q.kind === 'order') {
      var pairs = scoring.orderPairs(q, answer);
      box.appendChild(el('p', { className: 'asit-fb-intro', text: 'Pairs of steps in the right order: ' +
        pairs[0] + ' of ' + pairs[1] + '. The right order:' }));
      list = el('ol', { className: 'asit-fb-list' });
      q.answer.forEach(function (itemId, i) {
        var item = q.items.find(function (x) { return x.id === itemId; });
        var yours = answer.indexOf(itemId);
        if (yours === i) list.appendChild(note('right', '✓', 'You had it here:', item.text, item.feedback));
        else list.appendChild(note('wrong', '✗', 'You had it at position ' + (yours + 1) + ':', item.text, item.feedback));
      });
    } else if (q.kind === 'match') {
      q.items.forEach(function (item) {
        var want = q.answer[item.id];
        var target = q.targets.find(function (t) { return t.id === want; });
        var yours = q.targets.find(function (t) { return t.id === answer[item.id]; });
        var pair = inline(item.text) + ' → ' + inline(target.text);
        if (answer[item.id] === want) list.appendChild(note('right', '✓', 'Right:', pair, item.feedback));
        else {
          list.appendChild(note('wrong', '✗', 'You chose “' + plain(yours ? yours.text : '') + '”; the right match:',
            pair, item.feedback));
        }
      });
    } else if (q.kind === 'numeric') {
      var unit = q.unit ? ' ' + q.unit : '';
      var within = q.tolerance > 0 ? ' (give or take ' + q.tolerance + ')' : '';
      var ok = got > 0;
      list.appendChild(note(ok ? 'right' : 'wrong', ok ? '✓' : '✗', 'Your answer: ' + answer + unit + '.',
        esc('Expected: ' + q.answer + unit + within + '.'), ok ? q.feedback_correct : q.feedback_incorrect));
    } else if (q.kind === 'decision') {
      var c = q.choices.find(function (x) { return x.id === answer; });
      list.appendChild(note(verdict(got, q.points, 'decision')[0], '→', 'Your decision:', c.text, c.feedback));
      box.appendChild(list);
      box.appendChild(el('div', { className: 'asit-consequence' }, [
        el('p', { className: 'asit-consequence-label', text: 'What happens next' }),
        el('div', { html: c.consequence })
      ]));
      return;
    } else {
      box.appendChild(el('div', { className: 'asit-model' }, [
        el('p', { className: 'asit-model-label', text: 'A model answer' }), el('div', { html: q.model_answer })
      ]));
      box.appendChild(el('p', { className: 'asit-fb-intro', text: 'Check your answer against what a grader looks for:' }));
      q.rubric.forEach(function (r) {
        list.appendChild(el('li', { className: 'asit-fb asit-fb-info' }, [
          el('span', { html: inline(r.criterion) }), el('span', { className: 'asit-q-meta', text: ' (' + points(r.points) + ')' })
        ]));
      });
    }
    box.appendChild(list);
  };

  // ---- the end of the case

  Player.prototype.finish = function (end) {
    var self = this;
    this.end = end;
    this.finished = true;
    var score = this.score();
    var max = this.data.max_score;
    var hid = this.prefix + 'end';
    var section = el('section', { className: 'asit-end', 'data-end': end ? end.id : '', 'aria-labelledby': hid });
    var heading = el('h2', { id: hid, tabindex: '-1', className: 'asit-end-title' }, [
      el('span', { className: 'asit-stage-number', text: 'The end' }), ' ',
      el('span', { text: end ? end.title : 'The case stops here' })
    ]);
    section.appendChild(heading);
    if (end) section.appendChild(el('div', { className: 'asit-outcome', html: end.outcome }));
    var share = max > 0 ? Math.max(0, Math.min(100, Math.round(score / max * 100))) : 0;
    section.appendChild(el('div', { className: 'asit-final' }, [
      el('p', { className: 'asit-final-score' }, [
        'Your score: ', el('strong', { className: 'asit-final-points', 'data-score': String(score), text: fmt(score) }),
        ' of ', el('strong', { text: fmt(max) }), ' points'
      ]),
      el('div', { className: 'asit-meter', 'aria-hidden': 'true' }, [el('span', { style: 'width: ' + share + '%' })]),
      el('p', { className: 'asit-final-note', text: 'The maximum is what the best path through the case scores. ' +
        'Written answers are not scored here.' }),
      el('p', { className: 'asit-final-path', text: 'Your path: ' + this.path.map(function (id) {
        return stageById(self.data, id).title;
      }).join(' → ') + (end ? ' → ' + end.title : '') + '.' })
    ]));
    section.appendChild(this.review());
    var saved = recordPlay(this.course, this.data, score, end);
    emit('finished', { scenario: this.data, score: score, max: max, end: end ? end.id : null, path: this.path.slice() });
    var restart = el('button', { type: 'button', className: 'asit-button asit-primary asit-restart', text: 'Play the case again' });
    restart.addEventListener('click', function () { self.start(true); });
    var actions = el('div', { className: 'asit-end-actions' }, [restart]);
    if (this.progressPage) actions.appendChild(el('a', { href: this.progressPage, className: 'asit-link', text: 'See my progress' }));
    section.appendChild(actions);
    section.appendChild(el('p', { className: 'asit-saved', text: saved
      ? 'Your result is kept in this browser only.'
      : 'This browser does not let the page keep your result (storage is off).' }));
    this.stages.appendChild(section);
    this.updateScore();
    this.showRecord();
    focusOn(heading);
  };

  Player.prototype.review = function () {
    var self = this;
    var box = el('div', { className: 'asit-review' });
    box.appendChild(el('h3', { text: 'What to review' }));
    var list = el('ul', { className: 'asit-review-list' });
    this.path.forEach(function (sid) {
      var stage = stageById(self.data, sid);
      stage.questions.forEach(function (q) {
        if (q.kind === 'text') return;
        var got = scoreQuestion(q, self.answers[q.id]);
        if (got >= autoPoints(q)) return;
        var link = el('a', { href: '#' + self.prefix + 'q-' + q.id, text: plain(q.prompt) });
        list.appendChild(el('li', { 'data-question': q.id }, [
          el('span', { className: 'asit-review-stage', text: stage.title + ': ' }), link,
          ' (' + fmt(got) + ' of ' + points(q.points) + ')'
        ]));
      });
    });
    if (list.children.length) {
      box.appendChild(el('p', { text: 'These answers were not fully right: read their feedback again (each link leads to it), then play the case once more.' }));
      box.appendChild(list);
    } else {
      box.appendChild(el('p', { className: 'asit-review-none', text: 'Every question you answered was fully right.' }));
    }
    return box;
  };

  // What tests read (they play through the page; this only reports what the page holds).
  Player.prototype.result = function () {
    var self = this;
    var scores = {};
    this.path.forEach(function (sid) {
      stageById(self.data, sid).questions.forEach(function (q) { scores[q.id] = scoreQuestion(q, self.answers[q.id]); });
    });
    return {
      path: this.path.slice(), end: this.end ? this.end.id : null, finished: this.finished,
      score: this.score(), max_score: this.data.max_score,
      answers: JSON.parse(JSON.stringify(this.answers)), scores: scores
    };
  };

  // ------------------------------------------------------------ progress views

  function progressLine(rec) {
    return isObject(rec) && rec.plays ? describeRecord(rec) : 'Not played yet.';
  }

  function renderProgressPage(box) {
    var catalogue;
    try { catalogue = JSON.parse(document.getElementById('asit-progress-catalogue').textContent); } catch (e) { return; }
    var course = box.getAttribute('data-course');
    var progress = loadProgress(course);
    var all = 0, done = 0;
    box.innerHTML = '';
    var body = el('div');
    catalogue.forEach(function (mod) {
      if (!mod.scenarios.length) return;
      body.appendChild(el('h2', { className: 'asit-progress-module', text: mod.module }));
      var list = el('ul', { className: 'asit-progress-list' });
      mod.scenarios.forEach(function (s) {
        var rec = progress.scenarios[s.id];
        var played = isObject(rec) && rec.plays > 0;
        all += 1;
        if (played) done += 1;
        list.appendChild(el('li', { className: 'asit-progress-item' + (played ? ' asit-done' : ''), 'data-scenario': s.id }, [
          el('a', { href: s.page, text: s.title }),
          el('span', { className: 'asit-progress-state', text: played ? 'Done' : 'Not started' }),
          el('span', { className: 'asit-progress-detail', text: progressLine(rec) })
        ]));
      });
      body.appendChild(list);
    });
    box.appendChild(el('p', { className: 'asit-progress-summary',
      text: 'You have finished ' + done + ' of ' + all + ' practice scenarios.' }));
    box.appendChild(body);
    var clear = el('button', { type: 'button', className: 'asit-button asit-secondary asit-clear', text: 'Clear my progress' });
    clear.addEventListener('click', function () {
      if (!window.confirm('Clear every practice result kept in this browser?')) return;
      try { window.localStorage.removeItem(storeKey(course)); } catch (e) { /* nothing kept */ }
      renderProgressPage(box);
      box.querySelector('.asit-progress-summary').focus();
    });
    box.querySelector('.asit-progress-summary').setAttribute('tabindex', '-1');
    if (done) box.appendChild(clear);
  }

  function renderModuleProgress(box) {
    var ids = (box.getAttribute('data-scenarios') || '').split(/\s+/).filter(Boolean);
    if (!ids.length) return;
    var progress = loadProgress(box.getAttribute('data-course'));
    var done = ids.filter(function (id) { var r = progress.scenarios[id]; return isObject(r) && r.plays > 0; });
    box.innerHTML = '';
    box.appendChild(el('p', { className: 'asit-progress-summary', text: 'Your practice here: ' + done.length + ' of ' +
      ids.length + (ids.length === 1 ? ' scenario' : ' scenarios') + ' done.' }));
    if (done.length) {
      var list = el('ul', { className: 'asit-progress-list' });
      done.forEach(function (id) {
        var rec = progress.scenarios[id];
        list.appendChild(el('li', { className: 'asit-progress-item asit-done', 'data-scenario': id }, [
          el('span', { className: 'asit-progress-title', text: rec.title || id }),
          el('span', { className: 'asit-progress-detail', text: describeRecord(rec) })
        ]));
      });
      box.appendChild(list);
    }
    var page = box.getAttribute('data-progress-page');
    if (page) box.appendChild(el('p', {}, [el('a', { href: page, text: 'All my progress' })]));
  }

  // ------------------------------------------------------------ the theme's accessible names

  // The book theme's own markup fails WCAG 2.5.3 (label in name) and 4.1.2 (name, role) in
  // three places; mend them on every page rather than fork the theme's templates.
  function mendTheme() {
    // Search buttons show "Search Ctrl+K" but are named "Search": let the visible text name them.
    document.querySelectorAll('.search-button-field[aria-label]').forEach(function (b) {
      if (b.textContent.trim()) b.removeAttribute('aria-label');
    });
    // Icon-only buttons named by aria-label: their icons' tooltips would count as their text.
    document.querySelectorAll('button[aria-label] i, button[aria-label] svg').forEach(function (icon) {
      icon.removeAttribute('title');
      icon.removeAttribute('aria-labelledby');
      icon.setAttribute('aria-hidden', 'true');
      icon.querySelectorAll('title').forEach(function (t) { t.remove(); });
    });
    // The sidebar's expand/collapse toggles have no name: name them after their section.
    document.querySelectorAll('nav details > summary').forEach(function (s) {
      var link = s.parentNode.parentNode.querySelector(':scope > a');
      if (!s.textContent.trim() && !s.hasAttribute('aria-label')) {
        s.setAttribute('aria-label', 'Pages in ' + (link ? link.textContent.trim() : 'this section'));
      }
    });
  }

  // ------------------------------------------------------------ start

  function init() {
    mendTheme();
    window.asitPlayers = window.asitPlayers || {};
    document.querySelectorAll('script.asit-scenario-data').forEach(function (script) {
      var id = script.getAttribute('data-scenario');
      var root = document.querySelector('.asit-scenario[data-scenario="' + id + '"]');
      if (!root || window.asitPlayers[id]) return;
      var data;
      try { data = JSON.parse(script.textContent); } catch (e) { return; } // the static case stays
      var player = new Player(root, data);
      window.asitPlayers[id] = { result: function () { return player.result(); } };
    });
    var page = document.getElementById('asit-progress');
    if (page) renderProgressPage(page);
    document.querySelectorAll('.asit-module-progress').forEach(renderModuleProgress);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
