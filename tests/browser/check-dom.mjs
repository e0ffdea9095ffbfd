// Checks the DOM that headless Chromium built from communique's HTML pages
// (`--dump-dom` output) against the analysis the CLI gives as JSON.
//
// Usage: node check-dom.mjs DIR
// DIR holds, from run.sh: seed.dom.html, seed.jsonl, compare.dom.html,
// a.jsonl, b.jsonl, compare.json, hostile.dom.html, hostile.name.
//
// Chromium serialises the DOM canonically: every attribute value in double
// quotes with `&` and `"` escaped, and `<`, `>` and `&` escaped in text. So
// a start tag can be read with one regular expression, and text that
// contains `<script>` can only look like a tag if the page's escaping broke.
// Every failure is collected and printed; the exit code is 1 if any.

import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const failures = [];
let checks = 0;
function check(ok, message) {
  checks += 1;
  if (!ok) failures.push(message);
}
const read = (name) => readFileSync(join(dir, name), "utf8");
const jsonl = (name) =>
  read(name)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));

function decode(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

// Every start tag of `html`, in order: { tag, attrs: Map, at }.
function elements(html) {
  const tag = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/g;
  const attr = /([^\s"'>/=]+)(?:="([^"]*)")?/g;
  const found = [];
  for (const m of html.matchAll(tag)) {
    const attrs = new Map();
    for (const a of m[2].matchAll(attr)) attrs.set(a[1], decode(a[2] ?? ""));
    found.push({ tag: m[1].toLowerCase(), attrs, at: m.index });
  }
  return found;
}

const classes = (el) => (el.attrs.get("class") ?? "").split(/\s+/);
const units = (els) => els.filter((e) => e.attrs.has("data-index"));

// The units of a page (or one side of it) against `analyze --format jsonl`.
function checkUnits(label, els, expected) {
  const got = units(els);
  check(
    got.length === expected.length,
    `${label}: ${got.length} elements with data-index, expected ${expected.length} units`,
  );
  expected.forEach((unit, i) => {
    const el = got[i];
    if (!el) return;
    const where = `${label}: unit ${unit.index}`;
    check(el.attrs.get("data-index") === String(unit.index), `${where}: data-index is ${el.attrs.get("data-index")}`);
    check(el.attrs.has("data-speaker"), `${where}: no data-speaker attribute`);
    check(el.attrs.has("data-topics"), `${where}: no data-topics attribute`);
    check(el.attrs.has("data-rule"), `${where}: no data-rule attribute`);
    const speaker = unit.speaker ?? "none";
    check(
      el.attrs.get("data-speaker") === speaker,
      `${where}: data-speaker="${el.attrs.get("data-speaker")}", jsonl says ${speaker}`,
    );
    const topics = unit.topics.join(" ");
    check(
      el.attrs.get("data-topics") === topics,
      `${where}: data-topics="${el.attrs.get("data-topics")}", jsonl says "${topics}"`,
    );
    const rule = unit.evidence.find((e) => e.tag === "speaker")?.rule ?? "none";
    check(el.attrs.get("data-rule") === rule, `${where}: data-rule="${el.attrs.get("data-rule")}", jsonl says ${rule}`);
  });
}

function checkNoScripts(label, els) {
  const bad = els.filter((e) => ["script", "img", "iframe", "object", "embed", "link"].includes(e.tag));
  check(bad.length === 0, `${label}: unexpected <${bad.map((e) => e.tag).join(">, <")}> in the DOM`);
  const handlers = els.filter((e) => [...e.attrs.keys()].some((k) => k.startsWith("on")));
  check(handlers.length === 0, `${label}: ${handlers.length} elements with on* event attributes`);
}

// The seed report.
{
  const dom = read("seed.dom.html");
  const els = elements(dom);
  const expected = jsonl("seed.jsonl");
  check(expected.length === 19, `seed: jsonl has ${expected.length} units, the seed has 19`);
  checkUnits("seed", els, expected);
  checkNoScripts("seed", els);

  const legend = els.find((e) => e.tag === "ul" && classes(e).includes("legend"));
  check(legend !== undefined, "seed: no ul.legend");
  const items = els.filter((e) => e.attrs.has("data-legend")).map((e) => e.attrs.get("data-legend"));
  const speakers = [...new Set(expected.map((u) => u.speaker ?? "none"))].sort();
  check(
    JSON.stringify([...items].sort()) === JSON.stringify(speakers),
    `seed: legend lists ${items.join(",")}, speakers are ${speakers.join(",")}`,
  );
  if (legend) {
    const text = decode(dom.slice(legend.at, dom.indexOf("</ul>", legend.at)).replace(/<[^>]*>/g, " "));
    for (const name of ["China", "Republic of Korea", "Joint", "Narration"]) {
      check(text.includes(name), `seed: legend does not name ${name}`);
    }
  }
  const charts = els.filter((e) => e.tag === "svg" && classes(e).includes("chart"));
  check(charts.length >= 2, `seed: ${charts.length} svg.chart elements, expected the shares and the matrix`);
  check(
    els.some((e) => e.tag === "svg" && classes(e).includes("matrix")) && els.some((e) => e.tag === "circle"),
    "seed: no speaker x topic matrix (svg.matrix with circles)",
  );
  check(els.some((e) => e.tag === "rect" && classes(e).includes("bar")), "seed: no share bars");
  check(els.filter((e) => e.tag === "details").length > 0, "seed: no <details> evidence");
  check(els.filter((e) => e.tag === "mark").length > 0, "seed: no <mark> highlighted terms");
}

// The compare report.
{
  const dom = read("compare.dom.html");
  const els = elements(dom);
  checkNoScripts("compare", els);
  const sideB = els.find((e) => e.attrs.get("data-side") === "b");
  const sideA = els.find((e) => e.attrs.get("data-side") === "a");
  check(sideA !== undefined && sideB !== undefined, "compare: no article[data-side=a] and [data-side=b]");
  if (sideA && sideB) {
    const a = els.filter((e) => e.at > sideA.at && e.at < sideB.at);
    const b = els.filter((e) => e.at > sideB.at);
    checkUnits("compare A", a, jsonl("a.jsonl"));
    checkUnits("compare B", b, jsonl("b.jsonl"));
    const c = JSON.parse(read("compare.json"));
    for (const [label, side, unmatched, only] of [
      ["compare A", a, c.unmatched_a, c.only_in_a],
      ["compare B", b, c.unmatched_b, c.only_in_b],
    ]) {
      const marked = units(side)
        .filter((e) => e.attrs.get("data-unmatched") === "true")
        .map((e) => Number(e.attrs.get("data-index")));
      const want = unmatched.map((u) => u.unit);
      check(
        JSON.stringify(marked) === JSON.stringify(want),
        `${label}: unmatched units marked ${marked.join(",")}, compare says ${want.join(",")}`,
      );
      const flagged = new Set(
        side.filter((e) => classes(e).includes("only")).map((e) => e.attrs.get("data-topic")),
      );
      for (const topic of only) check(flagged.has(topic), `${label}: topic ${topic} (only here) not flagged`);
    }
    check(c.unmatched_a.length + c.unmatched_b.length > 0, "compare: the fixture pair should have unmatched sentences");
  }
  check(els.some((e) => e.tag === "ul" && classes(e).includes("legend")), "compare: no ul.legend");
  check(els.some((e) => e.tag === "svg" && classes(e).includes("chart")), "compare: no svg.chart");
}

// A hostile readout, from a file whose name is hostile too.
{
  const dom = read("hostile.dom.html");
  const els = elements(dom);
  checkNoScripts("hostile", els);
  check(units(els).length === 3, `hostile: ${units(els).length} units, expected 3`);
  for (const text of [
    "&lt;script&gt;pwned(1)&lt;/script&gt;",
    '"&gt;&lt;img src=x onerror=pwned(2)&gt;',
    "&lt;b&gt;bold&lt;/b&gt; &amp; \"quotes\"",
  ]) {
    check(dom.includes(text), `hostile: the text ${decode(text)} is not shown as text`);
  }
  const name = read("hostile.name").trim();
  const article = els.find((e) => e.attrs.has("data-source"));
  check(
    article?.attrs.get("data-source") === name,
    `hostile: data-source is ${JSON.stringify(article?.attrs.get("data-source"))}, the file is ${JSON.stringify(name)}`,
  );
}

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`check-dom: ${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
