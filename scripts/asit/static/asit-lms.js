/* ASIT LMS and LRS reporting: tells an LMS (SCORM 1.2) or a learning record store (xAPI)
 * what a learner does in the practice scenarios. Idle, and invisible, when neither is there:
 * the pages then work exactly as on the web or offline.
 *
 * Two roles, one file:
 * - In a module's SCO page of the SCORM package (its script tag carries data-asit-sco), it
 *   holds the SCORM session: LMSInitialize, status, score, interactions, suspend_data for
 *   resume, LMSCommit, LMSFinish. The module's pages open in a frame of that page.
 * - In every book page, it listens to the player (window.asitPlayerHooks) and passes what
 *   happens to the SCO page found in a parent frame, and to an LRS when xAPI is on (launch
 *   parameters endpoint, auth, actor, registration in the address, kept for the visit).
 * Scores come from the player's own scoring; nothing here scores an answer. */
(function () {
  'use strict';

  var SETTINGS = window.asitLmsSettings || {};
  var SCRIPT = document.currentScript;

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function passPercent() {
    return typeof SETTINGS.pass_percent === 'number' ? SETTINGS.pass_percent : null;
  }

  // ------------------------------------------------------------ answers as SCORM and xAPI text

  // SCORM 1.2 interaction types (and xAPI interactionType) for each question kind.
  var TYPES = {
    single: 'choice', multiple: 'choice', decision: 'choice', order: 'sequencing',
    match: 'matching', numeric: 'numeric', text: 'fill-in'
  };

  function responseText(q, answer) {
    switch (q.kind) {
      case 'multiple': case 'order': return answer.join(',');
      case 'match': return Object.keys(answer).sort().map(function (k) { return k + '.' + answer[k]; }).join(',');
      case 'numeric': return String(answer);
      case 'text': return String(answer).slice(0, 255);
      default: return String(answer);
    }
  }

  // The key as a SCORM 1.2 correct-response pattern (practice pages already show it after a check).
  function correctPattern(q) {
    switch (q.kind) {
      case 'single': case 'multiple':
        return q.options.filter(function (o) { return o.correct; }).map(function (o) { return o.id; }).join(',');
      case 'order': return q.answer.join(',');
      case 'match': return responseText(q, q.answer);
      case 'numeric': return String(q.answer);
      case 'decision': {
        var best = q.choices.reduce(function (a, c) { return c.points > a.points ? c : a; });
        return best.id;
      }
      default: return null;
    }
  }

  // 'correct' with full points, 'wrong' with none, the points themselves in between.
  function resultText(q, score) {
    if (q.kind === 'text') return 'neutral';
    if (score >= q.points) return 'correct';
    return score > 0 ? String(score) : 'wrong';
  }

  function clock(date) {
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(date.getHours()) + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds());
  }

  function sessionTime(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    s = s % 60;
    return (h < 10 ? '000' : h < 100 ? '00' : h < 1000 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  // ------------------------------------------------------------ finding things in parent frames

  // The usual SCORM search: this window and its parents, then the opener and its parents.
  function findUp(win, name) {
    for (var i = 0; win && i < 12; i += 1) {
      try { if (win[name]) return win[name]; } catch (e) { return null; } // another origin: stop
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function find(name) {
    return findUp(window, name) || (window.opener ? findUp(window.opener, name) : null);
  }

  // ------------------------------------------------------------ the SCORM 1.2 session (SCO page)

  var PROGRESS_VERSION = 1; // the player's progress record in localStorage (asit-player.js)

  function ScoSession(api, config) {
    this.api = api;
    this.config = config; // { module, course, scenarios: {id: max score}, root: package root URL }
    this.started = Date.now();
    this.done = false;
    this.ok = String(api.LMSInitialize('')) === 'true';
    this.state = { v: 1, s: {} };
    if (!this.ok) return;
    try {
      var saved = JSON.parse(this.get('cmi.suspend_data') || 'null');
      if (isObject(saved) && saved.v === 1 && isObject(saved.s)) this.state = saved;
    } catch (e) { /* unreadable: start afresh */ }
    var status = this.get('cmi.core.lesson_status');
    if (!status || status === 'not attempted') this.set('cmi.core.lesson_status', 'incomplete');
    this.shareProgress();
    this.api.LMSCommit('');
  }

  ScoSession.prototype.get = function (key) { return String(this.api.LMSGetValue(key) || ''); };
  ScoSession.prototype.set = function (key, value) { return this.api.LMSSetValue(key, String(value)); };

  // What the LMS kept from earlier sessions shows in the player's "results so far".
  ScoSession.prototype.shareProgress = function () {
    var key = 'asit-progress:' + this.config.course;
    try {
      var raw = window.localStorage.getItem(key);
      var progress = raw ? JSON.parse(raw) : null;
      if (!isObject(progress) || progress.version !== PROGRESS_VERSION || !isObject(progress.scenarios)) {
        progress = { version: PROGRESS_VERSION, scenarios: {} };
      }
      var state = this.state.s;
      Object.keys(state).forEach(function (id) {
        var rec = state[id], mine = progress.scenarios[id];
        if (isObject(mine) && (mine.plays || 0) >= rec.p) return;
        progress.scenarios[id] = {
          title: rec.t || id, plays: rec.p, best: rec.b, last: rec.l, max: rec.m, end: rec.e, end_title: null
        };
      });
      window.localStorage.setItem(key, JSON.stringify(progress));
    } catch (e) { /* storage off: the LMS still has it */ }
  };

  // Where the learner was: a page of the package, kept as a path from the package's root.
  ScoSession.prototype.visit = function (href) {
    if (!this.ok || href.indexOf(this.config.root) !== 0) return;
    var where = href.slice(this.config.root.length).split('#')[0].split('?')[0];
    if (where.length <= 255) {
      this.set('cmi.core.lesson_location', where);
      this.api.LMSCommit('');
    }
  };

  ScoSession.prototype.resumeAt = function () {
    if (!this.ok) return null;
    var where = this.get('cmi.core.lesson_location');
    return /^[A-Za-z0-9_\-./]+\.html$/.test(where) && where.indexOf('..') < 0 ? where : null;
  };

  ScoSession.prototype.on = function (event, d) {
    if (!this.ok || this.done || !(d.scenario.id in this.config.scenarios)) return;
    if (event === 'answered') this.answered(d);
    else if (event === 'finished') this.finished(d);
  };

  ScoSession.prototype.answered = function (d) {
    var q = d.question;
    var n = parseInt(this.get('cmi.interactions._count'), 10) || 0;
    var at = 'cmi.interactions.' + n + '.';
    this.set(at + 'id', d.scenario.id + '.' + q.id);
    this.set(at + 'type', TYPES[q.kind]);
    this.set(at + 'time', clock(new Date()));
    this.set(at + 'weighting', q.kind === 'text' ? 0 : q.points);
    this.set(at + 'student_response', responseText(q, d.answer));
    this.set(at + 'result', resultText(q, d.score));
    var pattern = correctPattern(q);
    if (pattern !== null) this.set(at + 'correct_responses.0.pattern', pattern);
    this.api.LMSCommit('');
  };

  // The module's score: each scenario's best play, as a share of the module's best paths.
  ScoSession.prototype.moduleScore = function () {
    var state = this.state.s, got = 0, max = 0, played = 0;
    var scenarios = this.config.scenarios;
    Object.keys(scenarios).sort().forEach(function (id) {
      max += scenarios[id];
      if (isObject(state[id])) { got += state[id].b; played += 1; }
    });
    return { points: got, max: max, percent: max > 0 ? 100 * got / max : 0, all: played === Object.keys(scenarios).length };
  };

  ScoSession.prototype.finished = function (d) {
    var old = this.state.s[d.scenario.id];
    this.state.s[d.scenario.id] = {
      t: d.scenario.title, p: (old ? old.p : 0) + 1, b: old ? Math.max(old.b, d.score) : d.score, l: d.score,
      m: d.max, e: d.end
    };
    var total = this.moduleScore();
    this.set('cmi.core.score.min', 0);
    this.set('cmi.core.score.max', 100);
    this.set('cmi.core.score.raw', total.percent);
    var pass = passPercent();
    var status = !total.all ? 'incomplete' : pass === null ? 'completed' : total.percent >= pass ? 'passed' : 'failed';
    this.set('cmi.core.lesson_status', status);
    this.set('cmi.suspend_data', JSON.stringify(this.state));
    this.api.LMSCommit('');
  };

  ScoSession.prototype.finish = function () {
    if (!this.ok || this.done) return;
    this.done = true;
    var total = this.moduleScore();
    this.set('cmi.core.exit', total.all ? '' : 'suspend');
    this.set('cmi.core.session_time', sessionTime(Date.now() - this.started));
    this.api.LMSCommit('');
    this.api.LMSFinish('');
  };

  function startSco(script) {
    var api = find('API');
    var frame = null;
    var config = {
      module: script.getAttribute('data-asit-sco'),
      course: SETTINGS.course_id || 'asit-thb',
      scenarios: JSON.parse(script.getAttribute('data-asit-scenarios') || '{}'),
      root: new URL(script.getAttribute('data-asit-root') || '../', window.location.href).href
    };
    var session = api ? new ScoSession(api, config) : null;
    window.asitScoSession = session;
    window.addEventListener('pagehide', function () { if (session) session.finish(); });
    document.addEventListener('DOMContentLoaded', function () {
      frame = document.querySelector('iframe[data-src]');
      if (!frame) return;
      var resume = session ? session.resumeAt() : null;
      frame.src = resume ? config.root + resume : frame.getAttribute('data-src');
      if (!api) {
        var note = document.getElementById('asit-sco-note');
        if (note) note.hidden = false;
      }
    });
  }

  // ------------------------------------------------------------ xAPI

  var XAPI_KEY = 'asit-xapi-launch';
  var QUEUE_KEY = 'asit-xapi-queue';
  var VERBS = {
    launched: 'http://adlnet.gov/expapi/verbs/launched',
    answered: 'http://adlnet.gov/expapi/verbs/answered',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
    passed: 'http://adlnet.gov/expapi/verbs/passed',
    failed: 'http://adlnet.gov/expapi/verbs/failed'
  };

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function storageGet(store, key) {
    try { return JSON.parse(store.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function storageSet(store, key, value) {
    try { store.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  // A learner without an LMS account: one random id kept in this browser.
  function browserActor() {
    var id = storageGet(window.localStorage, 'asit-xapi-learner');
    if (typeof id !== 'string') {
      id = uuid();
      storageSet(window.localStorage, 'asit-xapi-learner', id);
    }
    return { objectType: 'Agent', account: { homePage: window.location.origin || 'urn:asit', name: id } };
  }

  // Launch parameters (cmi5 / Rustici style) win; they are kept for the rest of the visit.
  function xapiConfig() {
    var params = new URLSearchParams(window.location.search);
    var launch = null;
    if (params.get('endpoint')) {
      var actor = null;
      try { actor = JSON.parse(params.get('actor') || 'null'); } catch (e) { actor = null; }
      if (Array.isArray(actor)) actor = actor[0] || null; // some launchers send a list
      launch = { endpoint: params.get('endpoint'), auth: params.get('auth') || '', actor: actor,
        registration: params.get('registration') || null };
      storageSet(window.sessionStorage, XAPI_KEY, launch);
    } else {
      launch = storageGet(window.sessionStorage, XAPI_KEY);
    }
    if (!isObject(launch) || typeof launch.endpoint !== 'string') return null;
    if (!isObject(launch.actor)) launch.actor = browserActor();
    launch.endpoint = launch.endpoint.replace(/\/?$/, '/');
    return launch;
  }

  // Activity ids derived from content ids: the same across rebuilds and hosts.
  function activityBase() { return 'urn:asit:' + (SETTINGS.course_id || 'asit-thb'); }
  function scenarioActivity(s) {
    return {
      objectType: 'Activity', id: activityBase() + ':scenario:' + s.id,
      definition: { type: 'http://adlnet.gov/expapi/activities/simulation', name: { en: s.title } }
    };
  }
  function questionActivity(s, q) {
    var definition = {
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      name: { en: s.title + ': ' + q.id },
      interactionType: q.kind === 'text' ? 'long-fill-in' : TYPES[q.kind]
    };
    if (q.kind === 'numeric') {
      definition.correctResponsesPattern = [q.tolerance > 0 ? (q.answer - q.tolerance) + '[:]' + (q.answer + q.tolerance) : String(q.answer)];
    } else {
      var pattern = correctPattern(q);
      if (pattern !== null) definition.correctResponsesPattern = [xapiList(pattern)];
    }
    return { objectType: 'Activity', id: activityBase() + ':scenario:' + s.id + ':question:' + q.id, definition: definition };
  }
  // xAPI writes lists with [,] and pairs with [.] where SCORM 1.2 writes , and .
  function xapiList(text) { return text.replace(/\./g, '[.]').replace(/,/g, '[,]'); }
  function xapiResponse(q, answer) {
    var text = responseText(q, answer);
    return q.kind === 'multiple' || q.kind === 'order' || q.kind === 'match' ? xapiList(text) : text;
  }
  function scoreOf(raw, max) {
    var score = { raw: raw, min: 0, max: max };
    if (max > 0) score.scaled = raw / max;
    return score;
  }

  function Xapi(config) {
    this.config = config;
    this.sending = false;
    this.delay = 2000;
    this.timer = null;
  }

  Xapi.prototype.statement = function (verb, object, result, parent) {
    var context = { platform: 'ASIT course' };
    if (this.config.registration) context.registration = this.config.registration;
    if (parent) context.contextActivities = { parent: [parent] };
    var st = {
      id: uuid(), timestamp: new Date().toISOString(), actor: this.config.actor,
      verb: { id: VERBS[verb], display: { en: verb } }, object: object, context: context
    };
    if (result) st.result = result;
    return st;
  };

  Xapi.prototype.on = function (event, d) {
    var s = d.scenario, out = [];
    if (event === 'started') {
      out.push(this.statement('launched', scenarioActivity(s)));
    } else if (event === 'answered') {
      var q = d.question;
      var result = { response: q.kind === 'text' ? String(d.answer) : xapiResponse(q, d.answer) };
      if (q.kind !== 'text') {
        result.success = d.score >= q.points;
        result.score = scoreOf(d.score, q.points);
      }
      out.push(this.statement('answered', questionActivity(s, q), result, scenarioActivity(s)));
    } else if (event === 'finished') {
      var score = scoreOf(d.score, d.max);
      out.push(this.statement('completed', scenarioActivity(s), { completion: true, score: score }));
      var pass = passPercent();
      if (pass !== null) {
        var success = d.max > 0 ? 100 * d.score / d.max >= pass : true;
        out.push(this.statement(success ? 'passed' : 'failed', scenarioActivity(s),
          { success: success, completion: true, score: score }));
      }
    }
    if (out.length) this.enqueue(out);
  };

  Xapi.prototype.enqueue = function (statements) {
    var queue = storageGet(window.localStorage, QUEUE_KEY);
    if (!Array.isArray(queue)) queue = [];
    var self = this;
    var items = statements.map(function (st) {
      return { endpoint: self.config.endpoint, auth: self.config.auth, statement: st };
    });
    // Storage off or full: the statements wait in this page only.
    if (!storageSet(window.localStorage, QUEUE_KEY, queue.concat(items))) this.pending = (this.pending || []).concat(items);
    this.flush();
  };

  // Send what waits, oldest first, in the background; keep whatever the LRS did not take.
  // Batches stay small: a request kept alive past the page's end may carry 64 KiB at most.
  Xapi.prototype.flush = function () {
    if (this.sending) return;
    var queue = storageGet(window.localStorage, QUEUE_KEY);
    if (!Array.isArray(queue) || !queue.length) queue = this.pending || [];
    if (!queue.length) return;
    var first = queue[0];
    var batch = queue.filter(function (x) { return x.endpoint === first.endpoint && x.auth === first.auth; }).slice(0, 20);
    var ids = batch.map(function (x) { return x.statement.id; });
    var headers = { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' };
    if (first.auth) headers.Authorization = first.auth;
    var self = this;
    this.sending = true;
    fetch(first.endpoint + 'statements', {
      method: 'POST', headers: headers, keepalive: true,
      body: JSON.stringify(batch.map(function (x) { return x.statement; }))
    }).then(function (response) {
      self.sending = false;
      // Taken (200), already there (409) or refused as invalid (400): it leaves the queue.
      if (response.ok || response.status === 409 || response.status === 400) {
        if (response.status === 400) console.warn('asit: the LRS refused', ids.length, 'statement(s)');
        self.drop(ids);
        self.delay = 2000;
        self.flush();
      } else {
        self.later();
      }
    }, function () {
      self.sending = false;
      self.later();
    });
  };

  Xapi.prototype.drop = function (ids) {
    var gone = new Set(ids);
    var keep = function (x) { return !gone.has(x.statement.id); };
    var queue = storageGet(window.localStorage, QUEUE_KEY);
    if (Array.isArray(queue)) storageSet(window.localStorage, QUEUE_KEY, queue.filter(keep));
    if (this.pending) this.pending = this.pending.filter(keep);
  };

  Xapi.prototype.later = function () {
    var self = this;
    if (this.timer) return;
    this.timer = window.setTimeout(function () { self.timer = null; self.flush(); }, this.delay);
    this.delay = Math.min(this.delay * 2, 60000);
  };

  // ------------------------------------------------------------ start

  if (SCRIPT && SCRIPT.hasAttribute('data-asit-sco')) {
    startSco(SCRIPT);
    return;
  }
  var sco = window.parent !== window ? findUp(window.parent, 'asitScoSession') : null;
  var xapi = null;
  try {
    var config = xapiConfig();
    if (config) xapi = new Xapi(config);
  } catch (e) { xapi = null; }
  if (!sco && !xapi) return;
  if (sco) sco.visit(window.location.href);
  window.asitPlayerHooks = window.asitPlayerHooks || [];
  window.asitPlayerHooks.push(function (event, details) {
    if (sco) sco.on(event, details);
    if (xapi) xapi.on(event, details);
  });
  if (xapi) {
    xapi.flush(); // anything left from an earlier page
    window.addEventListener('online', function () { xapi.flush(); });
    window.asitXapi = { flush: function () { xapi.delay = 2000; xapi.flush(); } };
  }
}());
