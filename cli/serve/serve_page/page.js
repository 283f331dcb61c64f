// The reader's page of `recist serve`: plain JavaScript, no library. The page keeps what the reader
// types, sends it as a native JSON track to POST /api/view at every change and shows what the
// engine answers: its responses and reasons, its findings beside the lesions, and each bad field's
// message (the CSV reader's) beside that field. No rule of RECIST is computed here.
"use strict";

const SITES = ["LIVER", "LUNG", "LYMPH NODE", "BONE", "BRAIN", "ADRENAL", "KIDNEY", "SPLEEN", "PANCREAS",
  "PERITONEUM", "PLEURA", "MEDIASTINUM", "SKIN", "SOFT TISSUE", "BREAST", "OVARY", "PROSTATE", "COLON",
  "STOMACH", "THYROID", "BLADDER", "HEAD AND NECK"];
const ROLES = ["TARGET", "NON-TARGET", "NEW", "NEW_TARGET", "NEW_NON_TARGET"];
const METHODS = ["CT", "MRI", "XRAY", "CALIPER"];
const IRRADIATED = ["N", "Y", "Y_PROGRESSED"];
const NOT_EVALUATED = ["", "— not evaluated —"];
/// The statuses a lesion may take, by role; `first`: at the assessment where it is first seen.
function statuses(role, first) {
  if (role === "TARGET") return [["", "measured"], "ABSENT", "TOO_SMALL", "FRAGMENT", "MERGED", "NE"];
  if (role === "NON-TARGET") return (first ? [] : [NOT_EVALUATED]).concat(["PRESENT", "ABSENT", "PD", "NE", "INCREASED"]);
  return (first ? [] : [NOT_EVALUATED]).concat(["UNEQUIVOCAL", "EQUIVOCAL", "INCREASED", "ABSENT"]);
}

let tracks = [];          // GET /api/tracks
let state = null;         // the track being entered (see emptyTrack)
let version = null;       // of the track in FILE; null: FILE does not hold it yet
let dirty = false;
let lastKey = 0;
let sent = 0;             // requests to /api/view sent, so that a late answer is dropped
let timer = null;
let fields = new Map();   // JSON Pointer → {input, msg} of the last track sent

const $ = (id) => document.getElementById(id);
const key = () => "k" + (++lastKey);

/// An element: h("input", {name: "id", value: "T1"}, child…); on* properties are listeners.
function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "class") e.className = v;
    else if (k in e && k !== "list") e[k] = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function select(name, options, value, onchange) {
  const s = h("select", {name, onchange});
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    s.append(h("option", {value: v, selected: v === value}, label));
  }
  return s;
}

function emptyTrack(subject, reader) {
  const baseline = key();
  return {subject: subject || "", reader: reader || "INVESTIGATOR", start_date: "",
    assessments: [{key: baseline, date: "", visit: "BASELINE", reported: null}], lesions: [], obs: {[baseline]: {}}};
}

/// The page's track from the native JSON of GET /api/tracks/{subject}/{reader}.
function fromTrack(t) {
  const s = {subject: t.subject, reader: t.reader, start_date: t.start_date || "", assessments: [], lesions: [], obs: {}};
  const byId = {};
  for (const a of t.assessments) {
    const k = key();
    s.assessments.push({key: k, date: a.date, visit: a.visit || "", reported: a.reported});
    s.obs[k] = {};
    for (const o of a.observations) {
      let lesion = byId[o.lesion];
      if (!lesion) {
        const d = t.lesions.find((l) => l.id === o.lesion);
        lesion = byId[o.lesion] = {key: key(), appears: k, id: d.id, role: d.role, site: d.site, node: d.node,
          method: d.method, slice_mm: d.slice_mm === null ? "" : String(d.slice_mm), irradiated: d.irradiated};
        s.lesions.push(lesion);
      }
      s.obs[k][lesion.key] = {status: o.status || "", diameter: o.diameter_mm == null ? "" : String(o.diameter_mm),
        fragments: (o.fragments || []).join(", ")};
    }
  }
  return s;
}

const indexOf = (assessmentKey) => state.assessments.findIndex((a) => a.key === assessmentKey);
const isNew = (role) => role.startsWith("NEW");

/// Whether an observation was entered (else the lesion is not evaluated at that date).
function entered(o, first) {
  return first || (o && (o.status !== "" || o.diameter.trim() !== "" || o.fragments.trim() !== ""));
}

/// The native JSON track of what is on the page, and where each of its values came from.
function buildTrack() {
  fields = new Map();
  const at = (pointer, input, msg) => fields.set(pointer, {input, msg});
  at("/subject", $("subject"), $("msg-subject"));
  at("/reader", $("reader"), $("msg-reader"));
  at("/start_date", $("start-date"), $("msg-start_date"));
  const order = (l) => indexOf(l.appears);
  const lesions = state.lesions.slice().sort((a, b) => order(a) - order(b));
  const track = {subject: state.subject, reader: state.reader, start_date: state.start_date || null, lesions: [],
    assessments: []};
  lesions.forEach((l, i) => {
    const row = document.querySelector(`tr[data-key="${l.key}"][data-first]`);
    const p = `/lesions/${i}`;
    track.lesions.push({id: l.id, role: l.role, site: l.site, node: l.node, method: l.method,
      slice_mm: l.slice_mm, irradiated: l.irradiated});
    at(p, null, row && row.querySelector(".msg"));
    for (const m of ["id", "role", "site", "node", "method", "slice_mm", "irradiated"])
      at(`${p}/${m}`, row && row.querySelector(`[name="${m}"]`), null);
  });
  state.assessments.forEach((a, j) => {
    const card = document.querySelector(`fieldset[data-key="${a.key}"]`);
    const p = `/assessments/${j}`;
    const observations = [];
    at(p, null, card && card.querySelector(".card-msg"));
    at(`${p}/date`, card && card.querySelector('[name="date"]'), null);
    at(`${p}/visit`, card && card.querySelector('[name="visit"]'), null);
    for (const l of lesions) {
      if (order(l) > j) continue;
      const o = state.obs[a.key][l.key];
      if (!entered(o, l.appears === a.key)) continue;
      const row = card && card.querySelector(`tr[data-key="${l.key}"]`);
      const q = `${p}/observations/${observations.length}`;
      const obs = {lesion: l.id, status: o.status};
      if (o.status === "FRAGMENT") obs.fragments = o.fragments.split(/[\s,;]+/).filter(Boolean);
      else obs.diameter_mm = o.diameter.trim() || null;
      observations.push(obs);
      at(q, null, row && row.querySelector(".msg"));
      for (const m of ["status", "diameter_mm", "fragments", "lesion"])
        at(`${q}/${m}`, row && row.querySelector(`[name="${m === "lesion" ? "id" : m}"]`), null);
    }
    track.assessments.push({date: a.date, visit: a.visit, reported: a.reported, observations});
  });
  return track;
}

/// The nearest place on the page for a JSON Pointer: its input, and the message element of it or
/// of the nearest value that holds it.
function place(pointer) {
  const exact = fields.get(pointer);
  let p = pointer;
  while (p !== "") {
    const f = fields.get(p);
    if (f && f.msg) return {input: exact && exact.input, msg: f.msg};
    p = p.slice(0, p.lastIndexOf("/"));
  }
  return {input: exact && exact.input, msg: $("general-errors")};
}

function clearMessages() {
  for (const e of document.querySelectorAll(".msg")) if (e.id !== "track-errors") e.replaceChildren();
  for (const e of document.querySelectorAll(".invalid")) e.classList.remove("invalid");
}

function say(msg, text, kind) {
  msg.append(h("span", {class: kind}, text));
}

function showFieldErrors(errors) {
  for (const e of errors) {
    const {input, msg} = place(e.pointer);
    if (input) input.classList.add("invalid");
    say(msg, (e.column ? e.column + ": " : "") + e.message, "error");
  }
}

/// The engine's findings (R1–R5, R16) beside their lesions.
function showFindings(findings) {
  const list = $("findings");
  list.replaceChildren();
  for (const f of findings) {
    const lesion = state.lesions.find((l) => l.id === f.lesion);
    const row = lesion && document.querySelector(`tr[data-key="${lesion.key}"][data-first] .msg`);
    const text = `${f.severity} ${f.code}: ${f.message}`;
    if (row) say(row, text, f.severity);
    list.append(h("li", {class: f.severity}, text));
  }
}

/// Lengths as the table of `recist assess` writes them (23.1, 35.0, 12.25); percentages to one decimal.
const mm = (v) => v === null || v === undefined ? "" : v.toFixed(Math.round(v * 100) % 10 ? 2 : 1);
const pct = (v) => v === null || v === undefined ? "" : v.toFixed(1) + "%";
const num = (v) => v === null || v === undefined ? "" : String(v);
const code = (c) => h("span", {class: "code c-" + String(c).replace(/[^A-Za-z]/g, "")}, c === null ? "—" : c);

function showResult(doc, spider) {
  const t = doc.tracks[0];
  $("result-state").textContent = `${t.subject} / ${t.reader} · baseline ${t.baseline ? t.baseline.date : "—"}, sum ` +
    `${t.baseline && t.baseline.sum_mm !== null ? mm(t.baseline.sum_mm) + " mm" : "—"}` +
    (t.start_date ? ` · start ${t.start_date}` : "");
  $("result-state").className = "";
  $("bor").replaceChildren(code(t.bor));
  $("confirmed-bor").replaceChildren(code(t.confirmed_bor));
  $("ibor-box").hidden = !t.irecist;
  if (t.irecist) $("ibor").replaceChildren(code(t.irecist.ibor), " / ", code(t.irecist.confirmed_ibor));
  $("best-reasons").replaceChildren(...t.reasons.map((r) => h("li", {}, r)));
  showFindings(t.findings);
  const body = $("timepoints").tBodies[0];
  body.replaceChildren();
  t.timepoints.forEach((tp, i) => {
    const i_tp = t.irecist && t.irecist.timepoints[i];
    body.append(h("tr", {class: "tp", "data-date": tp.date},
      h("td", {}, tp.date, tp.visit ? h("span", {class: "muted"}, " " + tp.visit) : null), h("td", {}, num(tp.day)),
      h("td", {}, mm(tp.sum_mm)), h("td", {}, pct(tp.pct_from_baseline)), h("td", {}, mm(tp.nadir_mm)),
      h("td", {}, pct(tp.pct_from_nadir)), h("td", {}, code(tp.target)), h("td", {}, code(tp.non_target)),
      h("td", {}, code(tp.new_lesions)), h("td", {class: "overall"}, code(tp.overall),
        i_tp ? h("span", {class: "muted"}, " · ", i_tp.overall) : null)));
    const reasons = tp.reasons.concat(i_tp ? i_tp.reasons.map((r) => "iRECIST: " + r) : []);
    body.append(h("tr", {class: "reasons-row"}, h("td", {colSpan: 10}, h("ul", {class: "reasons"},
      ...reasons.map((r) => h("li", {}, r))))));
  });
  showSpider(spider);
  $("profile").textContent = JSON.stringify({criteria: doc.criteria, profile: doc.profile}, null, 2);
}

function showSpider(svg) {
  const box = $("spider");
  box.replaceChildren();
  if (!svg) return;
  // As an image: the engine's SVG is shown, never run.
  const url = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml"}));
  box.append(h("img", {src: url, alt: "Spider plot: sum of diameters, % change from baseline by day"}));
}

function staleResult(text) {
  $("result-state").textContent = text;
  $("result-state").className = "stale";
  document.body.classList.add("result-stale");
}

async function assess() {
  const mine = ++sent;
  const track = buildTrack();
  let res;
  try {
    res = await fetch("/api/view", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(track)});
  } catch (e) {
    if (mine === sent) staleResult("The server does not answer: " + e.message);
    return;
  }
  const body = await res.json();
  if (mine !== sent) return;
  clearMessages();
  if (res.status === 200) {
    document.body.classList.remove("result-stale");
    showResult(body.result, body.spider_svg);
  } else if (res.status === 422) {
    showFieldErrors(body.errors);
    staleResult(`${body.errors.length} field${body.errors.length === 1 ? "" : "s"} to mend (marked) before the ` +
      "response can be assessed; the one below is of the last complete entry.");
  } else {
    staleResult(body.error || `HTTP ${res.status}`);
  }
}

function changed() {
  dirty = true;
  $("save-status").textContent = version === null ? "not saved yet (new track)" : "changed, not saved";
  clearTimeout(timer);
  timer = setTimeout(assess, 200);
}

/// An input bound to property `name` of `object`.
function bound(object, name, props, after) {
  return h("input", Object.assign({name, value: object[name] ?? "", oninput: (e) => {
    object[name] = e.target.value;
    if (after) after();
    changed();
  }}, props || {}));
}

function boundSelect(object, name, options, rerender) {
  return select(name, options, object[name], (e) => {
    object[name] = e.target.value;
    if (rerender) render();
    changed();
  });
}

function nextId(role) {
  const prefix = role === "TARGET" ? "T" : role === "NON-TARGET" ? "NT" : "N";
  let n = 1;
  while (state.lesions.some((l) => l.id === prefix + n)) ++n;
  return prefix + n;
}

function addLesion(assessmentKey, role) {
  const l = {key: key(), appears: assessmentKey, id: nextId(role), role, site: "", node: "N", method: "CT",
    slice_mm: "", irradiated: "N"};
  state.lesions.push(l);
  state.obs[assessmentKey][l.key] = {status: role === "NON-TARGET" ? "PRESENT" : isNew(role) ? "UNEQUIVOCAL" : "",
    diameter: "", fragments: ""};
  render();
  changed();
  const row = document.querySelector(`tr[data-key="${l.key}"][data-first]`);
  if (row) row.querySelector('[name="site"]').focus();
}

/// The cells of an observation: diameter, status, fragments, and "not evaluated" when none.
function observationCells(a, l, first) {
  const obs = state.obs[a.key];
  const o = obs[l.key] || (obs[l.key] = {status: "", diameter: "", fragments: ""});
  const badge = h("span", {class: "ne-badge"}, "not evaluated");
  const fragments = bound(o, "fragments", {placeholder: "6, 4.5", size: 8, title: "each fragment's diameter, mm"});
  const sync = () => {
    badge.hidden = entered(o, first);
    fragments.hidden = o.status !== "FRAGMENT";
  };
  const status = select("status", statuses(l.role, first), o.status, (e) => {
    o.status = e.target.value;
    sync();
    changed();
  });
  sync();
  return [h("td", {}, bound(o, "diameter", {name: "diameter_mm", inputMode: "decimal", size: 6, placeholder: "mm"},
    sync)), h("td", {}, status, fragments, badge)];
}

function lesionRow(a, l) {
  const remove = h("button", {type: "button", class: "remove", title: "remove this lesion", onclick: () => {
    state.lesions = state.lesions.filter((x) => x !== l);
    for (const k of Object.keys(state.obs)) delete state.obs[k][l.key];
    render();
    changed();
  }}, "×");
  return h("tr", {class: "lesion", "data-key": l.key, "data-first": true},
    h("td", {}, bound(l, "id", {size: 5})),
    h("td", {}, boundSelect(l, "role", ROLES, true)),
    h("td", {}, bound(l, "site", {list: "sites", size: 11, placeholder: "organ"})),
    h("td", {}, boundSelect(l, "node", [["N", "no"], ["Y", "node"]])),
    h("td", {}, boundSelect(l, "method", METHODS)),
    h("td", {}, bound(l, "slice_mm", {inputMode: "decimal", size: 4, placeholder: "mm"})),
    h("td", {}, boundSelect(l, "irradiated", IRRADIATED)),
    ...observationCells(a, l, true),
    h("td", {}, remove), h("td", {class: "msg"}));
}

function observedRow(a, l) {
  return h("tr", {class: "observed", "data-key": l.key},
    h("td", {}, h("input", {name: "id", value: l.id, readOnly: true, size: 5, tabIndex: -1})),
    h("td", {colSpan: 6, class: "muted"}, `${l.role} · ${l.site}${l.node === "Y" ? " · node" : ""}`),
    ...observationCells(a, l, false), h("td", {}), h("td", {class: "msg"}));
}

function assessmentCard(a, j) {
  const first = state.lesions.filter((l) => l.appears === a.key);
  const earlier = state.lesions.filter((l) => indexOf(l.appears) < j)
    .sort((x, y) => indexOf(x.appears) - indexOf(y.appears));
  const head = h("tr", {}, ...["Lesion", "Role", "Site", "Node", "Method", "Slice mm", "Irradiated", "Diameter mm",
    "Status", "", ""].map((t) => h("th", {}, t)));
  const remove = j === 0 ? null : h("button", {type: "button", class: "remove-assessment", onclick: () => {
    state.assessments.splice(j, 1);
    state.lesions = state.lesions.filter((l) => l.appears !== a.key);
    delete state.obs[a.key];
    render();
    changed();
  }}, "Remove this follow-up");
  const buttons = j === 0
    ? [h("button", {type: "button", class: "add-target", onclick: () => addLesion(a.key, "TARGET")}, "Add target"),
      h("button", {type: "button", class: "add-non-target", onclick: () => addLesion(a.key, "NON-TARGET")},
        "Add non-target")]
    : [h("button", {type: "button", class: "add-new", onclick: () => addLesion(a.key, "NEW")}, "Add new lesion")];
  return h("fieldset", {class: "assessment", "data-key": a.key, "data-index": j},
    h("legend", {}, j === 0 ? "Baseline" : `Follow-up ${j}`),
    h("div", {class: "bar"}, h("label", {}, "Date ", bound(a, "date", {type: "date"})),
      h("label", {}, "Visit ", bound(a, "visit", {size: 10})), remove, h("span", {class: "msg card-msg"})),
    h("table", {class: "lesions"}, h("thead", {}, head),
      h("tbody", {}, ...earlier.map((l) => observedRow(a, l)), ...first.map((l) => lesionRow(a, l)))),
    h("div", {class: "bar"}, ...buttons));
}

function render() {
  $("subject").value = state.subject;
  $("reader").value = state.reader;
  // A track of FILE keeps its address; a new one is named here.
  $("subject").readOnly = $("reader").readOnly = version !== null;
  $("start-date").value = state.start_date;
  const box = $("assessments");
  box.replaceChildren(h("datalist", {id: "sites"}, ...SITES.map((s) => h("option", {value: s}))),
    ...state.assessments.map(assessmentCard));
}

/// A date `days` after `iso`, for a new follow-up's default.
function plusDays(iso, days) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return "";
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addFollowup() {
  const last = state.assessments[state.assessments.length - 1];
  const k = key();
  state.assessments.push({key: k, date: plusDays(last.date, 42), visit: "", reported: null});
  state.obs[k] = {};
  render();
  changed();
  document.querySelector(`fieldset[data-key="${k}"] [name="date"]`).focus();
}

const trackValue = (s, r) => s + "\u001f" + r;

async function loadTracks() {
  const res = await fetch("/api/tracks");
  const body = await res.json();
  tracks = body.tracks;
  $("file").textContent = `${body.file} · ${tracks.length} track${tracks.length === 1 ? "" : "s"} · ${body.criteria}`;
  $("profile").textContent = JSON.stringify({criteria: body.criteria, profile: body.profile}, null, 2);
  fillTrackSelect();
}

function fillTrackSelect() {
  const s = $("track-select");
  s.replaceChildren();
  const current = state ? trackValue(state.subject, state.reader) : "";
  if (state && version === null) s.append(h("option", {value: current, selected: true}, "(new) " + state.subject));
  for (const t of tracks)
    s.append(h("option", {value: trackValue(t.subject, t.reader), selected: trackValue(t.subject, t.reader) === current},
      `${t.subject} · ${t.reader}${t.readable ? "" : " (has errors)"}`));
}

async function openTrack(subject, reader) {
  const res = await fetch(`/api/tracks/${encodeURIComponent(subject)}/${encodeURIComponent(reader)}`);
  const body = await res.json();
  if (res.status !== 200) {
    $("save-status").textContent = body.error;
    return;
  }
  version = body.version;
  state = body.track ? fromTrack(body.track) : emptyTrack(subject, reader);
  $("track-errors").replaceChildren(...body.errors.map((e) => h("div", {class: "error"},
    `line ${e.line}${e.column ? ", " + e.column : ""}: ${e.message}`)));
  dirty = false;
  render();
  fillTrackSelect();
  $("save-status").textContent = body.track ? `version ${version}` : "the rows in the file have errors: enter the track again to replace them";
  if (body.result) {
    clearMessages();
    showResult(body.result, body.spider_svg);
  } else {
    assess();
  }
}

function newTrack() {
  state = emptyTrack("", "INVESTIGATOR");
  version = null;
  dirty = false;
  $("track-errors").replaceChildren();
  render();
  fillTrackSelect();
  $("subject").focus();
  $("save-status").textContent = "new track: enter the subject, then the baseline";
}

async function save() {
  clearTimeout(timer);
  const track = buildTrack();
  const headers = {"Content-Type": "application/json"};
  if (version === null) headers["If-None-Match"] = "*";
  else headers["If-Match"] = `"${version}"`;
  const res = await fetch(`/api/tracks/${encodeURIComponent(state.subject)}/${encodeURIComponent(state.reader)}`,
    {method: "PUT", headers, body: JSON.stringify(track)});
  const body = await res.json();
  const status = $("save-status");
  if (res.status === 200) {
    version = body.version;
    dirty = false;
    status.textContent = `saved · version ${version}`;
    status.className = "ok";
    await loadTracks();
    clearMessages();
    showResult(body.result, body.spider_svg);
  } else if (res.status === 422) {
    clearMessages();
    showFieldErrors(body.errors);
    status.textContent = "not saved: mend the fields marked";
    status.className = "error";
  } else {
    status.textContent = "not saved: " + body.error + (res.status === 409 ? " (what you entered is still here)" : "");
    status.className = "error";
  }
}

function start() {
  $("subject").addEventListener("input", (e) => { state.subject = e.target.value.trim(); changed(); });
  $("reader").addEventListener("input", (e) => { state.reader = e.target.value.trim() || "INVESTIGATOR"; changed(); });
  $("start-date").addEventListener("input", (e) => { state.start_date = e.target.value; changed(); });
  $("add-followup").addEventListener("click", addFollowup);
  $("save").addEventListener("click", save);
  $("new-track").addEventListener("click", () => {
    if (!dirty || window.confirm("Leave the changes not saved?")) newTrack();
  });
  $("reload").addEventListener("click", () => {
    if (version !== null) openTrack(state.subject, state.reader);
  });
  $("track-select").addEventListener("change", (e) => {
    const [s, r] = e.target.value.split("\u001f");
    if (dirty && !window.confirm("Leave the changes not saved?")) return fillTrackSelect();
    const t = tracks.find((x) => x.subject === s && x.reader === r);
    if (t) openTrack(s, r);
  });
  window.addEventListener("beforeunload", (e) => { if (dirty) e.preventDefault(); });
  loadTracks().then(() => {
    if (tracks.length) openTrack(tracks[0].subject, tracks[0].reader);
    else newTrack();
  });
}

document.addEventListener("DOMContentLoaded", start);
