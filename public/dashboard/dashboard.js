/*
 * The SPOC dashboard's page glue: reads the form, calls the API with the bearer token the user pastes (kept in
 * this page's memory only, never stored), and draws the answers with textContent (never as HTML). The view
 * logic is in dashboard-view.js. Every read goes through the API, so the force scope, roles and the access
 * log apply as to any other client.
 */
/* global document, window, fetch, URL */
(function () {
  'use strict';
  var View = window.N200View;
  var reference = JSON.parse(document.getElementById('n200-reference').textContent);
  var el = function (id) {
    return document.getElementById(id);
  };
  var state = { token: '', force: '', cursor: null };

  function say(text, isError) {
    var s = el('status');
    s.textContent = text;
    s.className = isError ? 'error' : '';
  }

  function api(path, accept) {
    return fetch(path, { headers: { authorization: 'Bearer ' + state.token, accept: accept || 'application/json' } }).then(function (res) {
      if (res.ok) return res;
      return res
        .json()
        .catch(function () {
          return null;
        })
        .then(function (body) {
          throw new Error(View.errorText(res.status, body));
        });
    });
  }

  function json(path) {
    return api(path).then(function (res) {
      return res.json();
    });
  }

  function cell(tr, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    tr.appendChild(td);
  }

  function fillHeadline(view) {
    el('summary-title').textContent = view.title;
    el('summary-as-at').textContent = 'As at ' + view.asAt + ' (London)';
    pairs(el('headline'), view.headline);
  }

  /** Label and value pairs into a <dl>. */
  function pairs(dl, list) {
    dl.replaceChildren();
    list.forEach(function (pair) {
      var dt = document.createElement('dt');
      dt.textContent = pair[0];
      var dd = document.createElement('dd');
      dd.textContent = pair[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
  }

  function fillSummary(view) {
    fillHeadline(view);
    var checks = el('checks-body');
    checks.replaceChildren();
    view.checks.forEach(function (c) {
      var tr = document.createElement('tr');
      if (c.attention) tr.className = 'attention ' + c.severity;
      cell(tr, c.check);
      cell(tr, c.severity);
      cell(tr, c.title);
      cell(tr, String(c.open), 'num');
      cell(tr, String(c.resolved), 'num');
      cell(tr, c.compliant, 'num');
      checks.appendChild(tr);
    });
    var codes = el('codes-body');
    codes.replaceChildren();
    view.codes.forEach(function (c) {
      var tr = document.createElement('tr');
      cell(tr, c.code);
      cell(tr, c.title);
      cell(tr, String(c.records), 'num');
      codes.appendChild(tr);
    });
    el('summary').hidden = false;
  }

  function addWork(page, replace) {
    var body = el('work-body');
    if (replace) body.replaceChildren();
    View.worklistRows(page).forEach(function (r) {
      var tr = document.createElement('tr');
      if (r.overdue) tr.className = 'attention error';
      cell(tr, r.due);
      cell(tr, r.state);
      cell(tr, r.action);
      cell(tr, r.check);
      var td = document.createElement('td');
      var open = document.createElement('button');
      open.type = 'button';
      open.className = 'link';
      open.textContent = r.referralRef;
      open.addEventListener('click', function () {
        showRecord(r.referralRef);
      });
      td.appendChild(open);
      tr.appendChild(td);
      cell(tr, r.code);
      cell(tr, r.crimeReference);
      body.appendChild(tr);
    });
    state.cursor = page.nextCursor;
    el('more').hidden = !page.nextCursor;
    el('work-empty').hidden = body.children.length > 0;
    el('worklist').hidden = false;
  }

  /** The record behind a worklist row: what it is now and its classification history. */
  function showRecord(referralRef) {
    say('Loading ' + referralRef + '…');
    json('/v1/forces/' + encodeURIComponent(state.force) + '/records/' + encodeURIComponent(referralRef))
      .then(function (record) {
        var view = View.recordView(record);
        el('record-title').textContent = view.title;
        pairs(el('record-now'), view.now);
        var body = el('history-body');
        body.replaceChildren();
        view.history.forEach(function (h) {
          var tr = document.createElement('tr');
          [h.from, h.to, h.code, h.status, h.reason, h.causedBy, h.knownSince].forEach(function (text) {
            cell(tr, text);
          });
          body.appendChild(tr);
        });
        el('record').hidden = false;
        say('');
      })
      .catch(function (e) {
        say(e.message, true);
      });
  }

  function fillTrend(rows) {
    var body = el('trend-body');
    body.replaceChildren();
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      if (r.attention) tr.className = 'attention error';
      cell(tr, r.period);
      cell(tr, r.dates);
      cell(tr, String(r.records), 'num');
      cell(tr, r.compliant, 'num');
      cell(tr, String(r.open), 'num');
      cell(tr, String(r.openErrors), 'num');
      body.appendChild(tr);
    });
  }

  function summaryOf(period) {
    return json('/v1/compliance/summary?force=' + encodeURIComponent(state.force) + '&period=' + encodeURIComponent(period));
  }

  /** The period's financial year quarter by quarter: four more summaries, asked for at once. */
  function trend(summary) {
    return Promise.all(View.quartersOf(summary).map(summaryOf)).then(function (quarters) {
      fillTrend(View.trendRows(quarters, reference));
    });
  }

  function worklist(replace) {
    var q = '/v1/compliance/worklist?force=' + encodeURIComponent(state.force) + '&limit=50';
    if (!replace && state.cursor) q += '&cursor=' + encodeURIComponent(state.cursor);
    return json(q).then(function (page) {
      addWork(page, replace);
    });
  }

  function show(event) {
    event.preventDefault();
    state.force = el('force').value;
    var period = el('period').value.trim() || View.financialYearOf(new Date());
    el('period').value = period;
    say('Loading…');
    Promise.all([summaryOf(period), worklist(true)])
      .then(function (answers) {
        return trend(answers[0]).then(function () {
          fillSummary(View.summaryView(answers[0], reference));
          el('exports').hidden = false;
          say('');
        });
      })
      .catch(function (e) {
        say(e.message, true);
      });
  }

  function signIn(event) {
    event.preventDefault();
    var scope;
    try {
      scope = View.tokenScope(el('token').value);
    } catch (e) {
      return say(e.message, true);
    }
    state.token = el('token').value.trim();
    el('token').value = '';
    json('/v1/forces')
      .then(function (forces) {
        var select = el('force');
        select.replaceChildren();
        View.forceChoices(scope, forces).forEach(function (c) {
          var o = document.createElement('option');
          o.value = c.code;
          o.textContent = c.label;
          select.appendChild(o);
        });
        el('who').textContent =
          scope.sub + ' · ' + scope.roles.join(', ') + (scope.expiresAt ? ' · token expires ' + View.londonTime(scope.expiresAt) : '');
        el('period').placeholder = View.financialYearOf(new Date());
        el('sign-in').hidden = true;
        el('ask').hidden = false;
        say('');
      })
      .catch(function (e) {
        state.token = '';
        say(e.message, true);
      });
  }

  function signOut() {
    state = { token: '', force: '', cursor: null };
    ['summary', 'worklist', 'record', 'exports', 'ask'].forEach(function (id) {
      el(id).hidden = true;
    });
    el('sign-in').hidden = false;
    say('Signed out: the token is forgotten.');
  }

  /** Open findings as a file: fetched with the token, then saved (a link cannot carry the header). */
  function download(format) {
    var q = '/v1/compliance/findings?force=' + encodeURIComponent(state.force) + '&status=open&format=' + format;
    say('Preparing the ' + format.toUpperCase() + ' file…');
    api(q, '*/*')
      .then(function (res) {
        return res.blob();
      })
      .then(function (blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'n200-findings-' + state.force + '-open.' + format;
        document.body.appendChild(a);
        a.click();
        a.remove();
        URL.revokeObjectURL(a.href);
        say('');
      })
      .catch(function (e) {
        say(e.message, true);
      });
  }

  el('sign-in').addEventListener('submit', signIn);
  el('ask').addEventListener('submit', show);
  el('sign-out').addEventListener('click', signOut);
  el('more').addEventListener('click', function () {
    worklist(false).catch(function (e) {
      say(e.message, true);
    });
  });
  el('export-csv').addEventListener('click', function () {
    download('csv');
  });
  el('export-xlsx').addEventListener('click', function () {
    download('xlsx');
  });
})();
