/*
 * The SPOC dashboard's view logic (docs/decisions.md, "The SPOC dashboard"): pure functions from the API's
 * answers to the rows the page shows, with no DOM and no network, so that they are unit-tested
 * (src/dashboard/dashboard-view.spec.ts). Loaded by the page as a classic script (window.N200View) and by
 * the tests as a CommonJS module.
 */
/* global atob, Buffer, TextDecoder, self */
(function (root) {
  'use strict';

  var LONDON = 'Europe/London';

  /** The claims of a bearer token the page needs (sub, roles, forces), read without verifying it: the API verifies. */
  function tokenScope(token) {
    var parts = String(token).trim().split('.');
    if (parts.length !== 3) throw new Error('This is not a bearer token (a JWT has three parts separated by dots)');
    var json;
    try {
      var b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      json = JSON.parse(decodeBase64(b64 + '==='.slice((b64.length + 3) % 4)));
    } catch (e) {
      throw new Error('This is not a bearer token (its claims do not read as JSON)', { cause: e });
    }
    var forces = Array.isArray(json.forces) ? json.forces.map(String) : [];
    var roles = Array.isArray(json.roles) ? json.roles.map(String) : [];
    return {
      sub: typeof json.sub === 'string' ? json.sub : '',
      roles: roles,
      forces: forces,
      national: forces.indexOf('*') >= 0,
      expiresAt: typeof json.exp === 'number' ? new Date(json.exp * 1000).toISOString() : null,
    };
  }

  function decodeBase64(b64) {
    var bin = typeof atob === 'function' ? atob(b64) : Buffer.from(b64, 'base64').toString('binary');
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }

  /** The forces the page offers: those the token names, or every force for a national token, by name. */
  function forceChoices(scope, forces) {
    var names = {};
    forces.forEach(function (f) {
      names[f.code] = f.name;
    });
    var codes = scope.national
      ? forces.map(function (f) {
          return f.code;
        })
      : scope.forces.filter(function (c) {
          return c !== '*';
        });
    return codes
      .map(function (code) {
        return { code: code, label: names[code] ? names[code] + ' (' + code + ')' : code };
      })
      .sort(function (a, b) {
        return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
      });
  }

  /** The financial year (April to March, Europe/London) a moment falls in, as the API names it: '2025-26'. */
  function financialYearOf(date) {
    var parts = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, year: 'numeric', month: 'numeric' }).formatToParts(date);
    var year = Number(
      parts.find(function (p) {
        return p.type === 'year';
      }).value,
    );
    var month = Number(
      parts.find(function (p) {
        return p.type === 'month';
      }).value,
    );
    var start = month >= 4 ? year : year - 1;
    return start + '-' + String((start + 1) % 100).padStart(2, '0');
  }

  /** An instant as a London date and time: '3 Jun 2024, 11:00'. */
  function londonTime(iso) {
    if (iso === null || iso === undefined) return '—';
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: LONDON,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  }

  /** A share from 0 to 1 as a percentage with one decimal; none (no records) as a dash. */
  function percent(share) {
    return share === null || share === undefined ? '—' : (Math.round(share * 1000) / 10).toFixed(1) + '%';
  }

  function hours(h) {
    return h === null || h === undefined ? '—' : h.toFixed(1) + ' h';
  }

  /**
   * The summary (GET /v1/compliance/summary) as the page shows it: headline figures, a row per check with its
   * words and severity (from the reference the page is served with), and records by code.
   */
  function summaryView(summary, reference) {
    var checks = {};
    reference.checks.forEach(function (c) {
      checks[c.id] = c;
    });
    var link = summary.referralToCrimeLinkRate;
    return {
      title: summary.force + ' · ' + summary.period.label + ' (' + summary.period.from + ' to ' + summary.period.to + ')',
      asAt: londonTime(summary.asAt),
      headline: [
        ['Records received in the period', String(summary.records)],
        ['Records with no finding', percent(summary.compliantShare)],
        ['Crimes recorded where required', link.recorded + ' of ' + link.mustBeCrimes + ' (' + percent(link.rate) + ')'],
        ['Positive RG to crime recorded, median', hours(summary.rgToCrimeHours.median)],
        ['Positive RG to crime recorded, 90th percentile', hours(summary.rgToCrimeHours.p90)],
      ],
      checks: summary.checks.map(function (c) {
        var ref = checks[c.check] || { title: '', severity: '' };
        return {
          check: c.check,
          severity: ref.severity,
          title: ref.title,
          open: c.open,
          resolved: c.resolved,
          compliant: percent(c.compliantShare),
          attention: c.open > 0,
        };
      }),
      codes: reference.codes.map(function (code) {
        return { code: code.code, title: code.title, records: summary.recordsByCode[code.code] || 0 };
      }),
    };
  }

  /**
   * The four quarters of the financial year a summary's period starts in, as the API names them
   * ('2024-25-Q1' … '2024-25-Q4'): the page asks for each, to show the year quarter by quarter.
   */
  function quartersOf(summary) {
    var from = summary.period.from.split('-');
    var year = Number(from[0]);
    var start = Number(from[1]) >= 4 ? year : year - 1;
    var fy = start + '-' + String((start + 1) % 100).padStart(2, '0');
    return [1, 2, 3, 4].map(function (q) {
      return fy + '-Q' + q;
    });
  }

  /**
   * Summaries of consecutive periods as rows, one a period: its records, the share with no finding, and the
   * findings still open (all, and of error severity by the reference's words). A quarter that has not started
   * has no records, and shows a dash for its share.
   */
  function trendRows(summaries, reference) {
    var errors = {};
    reference.checks.forEach(function (c) {
      if (c.severity === 'error') errors[c.id] = true;
    });
    return summaries.map(function (s) {
      var open = 0;
      var openErrors = 0;
      s.checks.forEach(function (c) {
        open += c.open;
        if (errors[c.check]) openErrors += c.open;
      });
      return {
        period: s.period.label,
        dates: s.period.from + ' to ' + s.period.to,
        records: s.records,
        compliant: percent(s.compliantShare),
        open: open,
        openErrors: openErrors,
        attention: openErrors > 0,
      };
    });
  }

  /** Worklist items (GET /v1/compliance/worklist) as rows, soonest due first as the API gives them. */
  function worklistRows(page) {
    return page.items.map(function (i) {
      return {
        due: londonTime(i.dueAt),
        overdue: i.overdue,
        state: i.overdue ? 'Overdue' : 'Due',
        action: i.what,
        check: i.check,
        referralRef: i.referralRef,
        code: i.code || '—',
        crimeReference: i.crimeReference || '—',
      };
    });
  }

  /**
   * One record (GET /v1/forces/:force/records/:ref) as the page shows it under the worklist: what it is now,
   * and its classification history, newest first (when each became true, and when the service learned it).
   */
  function recordView(record) {
    var c = record.classification;
    return {
      title: record.referralRef + ' · ' + record.force,
      now: [
        ['Status', record.status],
        ['Referral', record.referralType || '—'],
        ['Classification', (c.code || '—') + (c.title ? ' · ' + c.title : '')],
        ['Why', c.reason],
        ['Crime required', c.crimeRequired ? 'Yes' : 'No'],
        ['Crime reference', record.crimeReference || '—'],
        ['Received (London date)', record.receivedDate || '—'],
      ],
      history: record.history
        .slice()
        .reverse()
        .map(function (h) {
          return {
            from: londonTime(h.validFrom),
            to: h.validTo ? londonTime(h.validTo) : 'now',
            code: h.code || '—',
            status: h.status,
            reason: h.reason,
            causedBy: h.causedBy,
            knownSince: londonTime(h.knownSince),
          };
        }),
    };
  }

  /** An error answer (the API's envelope) in one line: status, code, message and each detail. */
  function errorText(status, body) {
    if (!body || typeof body !== 'object' || typeof body.code !== 'string') return 'HTTP ' + status;
    var details = (body.details || [])
      .map(function (d) {
        return (d.field ? d.field + ': ' : '') + d.reason;
      })
      .join('; ');
    return status + ' ' + body.code + ': ' + body.message + (details ? ' (' + details + ')' : '');
  }

  var api = {
    tokenScope: tokenScope,
    forceChoices: forceChoices,
    financialYearOf: financialYearOf,
    londonTime: londonTime,
    percent: percent,
    summaryView: summaryView,
    quartersOf: quartersOf,
    trendRows: trendRows,
    worklistRows: worklistRows,
    recordView: recordView,
    errorText: errorText,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.N200View = api;
})(typeof self !== 'undefined' ? self : this);
