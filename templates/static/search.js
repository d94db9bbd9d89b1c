// Faceted search over the Pagefind index: words, filters (source, category, tag, year), sort by date, language.
// Each language has its own index (Pagefind stems words by the language of the index it loads), in shards of
// consecutive months: pagefind/shards.json lists each language's, newest first. A language's newest shard is
// loaded and its others merged into it, so a search covers the whole archive in that language. The page's own
// language is searched first; "all languages" loads the others, each in a Pagefind instance of its own (its
// own pagefind.js, so its own stemmer), and puts their results together.
// Results come as the reader types (a short pause after the last key), and Enter still searches at once.
// The filters are one "Filter" disclosure: open beside the results on a wide screen, closed on a phone; a
// filter value that would find nothing is not shown. Arrow keys move from the box through the results.
// The state lives in the address (?q=&source=&sort=&lang=) so searches can be shared; nothing is fetched from
// elsewhere. The words shown come from the page (#search-words), in its language.
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const sortSelect = document.getElementById("search-sort");
const languageSelect = document.getElementById("search-language"); // only on a site in several languages
const facetsBox = document.getElementById("search-facets");
const filtersBox = document.getElementById("search-filters"); // <details>: "Filter"
const chosenCount = document.getElementById("search-chosen");
const statusBox = document.getElementById("search-status");
const list = document.getElementById("search-results");
const WORDS = JSON.parse(document.getElementById("search-words").textContent);
const PAGE_LANGUAGE = document.documentElement.lang;
const FACETS = [["source", WORDS.source], ["category", WORDS.category], ["tag", WORDS.tag], ["year", WORDS.year]];
const PAGE = 20;
// How many words before the first match a snippet keeps, how many it shows, and how many Pagefind is asked
// for (more than shown: the window then reaches past the title into the body).
const LEAD_WORDS = 4;
const SNIPPET_WORDS = 30;
const EXCERPT_WORDS = 64;
const numberFormat = new Intl.NumberFormat(PAGE_LANGUAGE);
let shardsOf = {}; // language -> its shard folder names, newest first: the order Pagefind merges them in
const loaded = {}; // language -> a promise of its Pagefind instance (null when it has no shards)
let shown = { take: async () => [], left: () => 0 }; // the results not drawn yet

function words(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// The languages a search covers: the one chosen, or every one.
function chosenLanguages() {
  const wanted = languageSelect ? languageSelect.value : PAGE_LANGUAGE;
  return wanted === "all" ? Object.keys(shardsOf) : [wanted in shardsOf ? wanted : Object.keys(shardsOf)[0]];
}

// Load one language's index: its newest shard with the others merged in (each tagged with a "shard" filter).
function instance(language) {
  if (!(language in loaded)) {
    loaded[language] = (async () => {
      const shards = shardsOf[language] || [];
      if (!shards.length) return null;
      const options = { baseUrl: form.dataset.base, excerptLength: EXCERPT_WORDS };
      const pagefind = await import(`${form.dataset.bundle}${shards[0]}/pagefind.js`);
      await pagefind.options(options);
      await pagefind.init();
      await pagefind.options({ mergeFilter: { shard: shards[0] } });
      await Promise.all(
        shards.slice(1).map((name) =>
          pagefind.mergeIndex(`${form.dataset.bundle}${name}/`, { ...options, mergeFilter: { shard: name } }),
        ),
      );
      return { language, pagefind, shards };
    })();
  }
  return loaded[language];
}

async function instances() {
  return (await Promise.all(chosenLanguages().map(instance))).filter(Boolean);
}

function addCounts(into, counts) {
  for (const [name, values] of Object.entries(counts || {})) {
    const target = (into[name] ||= {});
    for (const [value, count] of Object.entries(values)) target[value] = (target[value] || 0) + count;
  }
  return into;
}

// One search over every chosen language: results by score (or, when sorted, by date), filter counts summed.
async function searchAll(targets, query, options) {
  const answers = await Promise.all(targets.map(({ pagefind }) => pagefind.search(query || null, options)));
  const filters = answers.reduce((all, answer) => addCounts(all, answer.filters), {});
  const results = answers.flatMap((answer) => answer.results).sort((a, b) => b.score - a.score);
  return { results, filters, answers };
}

function selected() {
  const chosen = {};
  for (const box of facetsBox.querySelectorAll("input[type=checkbox]:checked")) {
    (chosen[box.name] ||= []).push(box.value);
  }
  return chosen;
}

function facetId(name, value) {
  return `facet-${name}-${Array.from(value).map((c) => c.charCodeAt(0).toString(16)).join("")}`;
}

function drawFacets(counts, chosen) {
  facetsBox.replaceChildren();
  for (const [name, label] of FACETS) {
    const values = counts[name] || {};
    const ticked = chosen[name] || [];
    // A value that would find nothing is left out (unless it is ticked: the reader can untick it).
    const names = Object.keys(values)
      .filter((value) => values[value] > 0 || ticked.includes(value))
      .sort((a, b) => (name === "year" ? b.localeCompare(a) : a.localeCompare(b)));
    if (!names.length) continue;
    const details = document.createElement("details");
    details.className = "facet";
    details.open = !["tag", "year"].includes(name) || (chosen[name] || []).length > 0;
    const summary = document.createElement("summary");
    summary.textContent = label;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = label;
    fieldset.append(legend);
    for (const value of names) {
      const id = facetId(name, value);
      const box = Object.assign(document.createElement("input"), { type: "checkbox", name, value, id });
      box.checked = (chosen[name] || []).includes(value);
      const text = Object.assign(document.createElement("label"), { htmlFor: id });
      text.textContent = `${value} (${values[value]})`;
      const row = document.createElement("div");
      row.className = "facet-option";
      row.append(box, text);
      fieldset.append(row);
    }
    details.append(summary, fieldset);
    facetsBox.append(details);
  }
  const count = Object.values(chosen).reduce((sum, values) => sum + values.length, 0);
  chosenCount.textContent = count ? words(WORDS.chosen, { count: numberFormat.format(count) }) : "";
}

// Open the filters beside the results on a wide screen; on a phone they wait behind "Filter".
const wide = window.matchMedia("(min-width: 48rem)");
filtersBox.open = wide.matches;
wide.addEventListener("change", () => (filtersBox.open = wide.matches));


// Where a snippet starts: at its first match after the article's title (the index holds the title, then the
// body, so Pagefind's snippet often opens inside the title), keeping LEAD_WORDS words before it; "… " marks
// the cut. A match only in the title: the snippet starts at that match. ``parts``: text and <mark> pieces.
function startAtMatch(parts, title) {
  const text = parts.map((part) => part.text).join("");
  const offsets = [];
  let offset = 0;
  for (const part of parts) {
    offsets.push(offset);
    offset += part.text.length;
  }
  let from = 0;
  const titleWords = title.split(/\s+/).filter(Boolean);
  for (let k = titleWords.length; k >= 2; k -= 1) {
    const tail = titleWords.slice(-k).join(" ");
    const at = text.indexOf(tail);
    if (at >= 0) {
      from = at + tail.length;
      break;
    }
  }
  let first = parts.findIndex((part, i) => part.mark && offsets[i] >= from);
  if (first < 0) {
    first = parts.findIndex((part) => part.mark);
    from = 0;
  }
  if (first < 0) return parts;
  const before = text.slice(from, offsets[first]).replace(/^[\s.,;:!?·–—-]+/, "");
  const lead = before.split(/\s+/).filter(Boolean);
  const kept = lead.slice(-LEAD_WORDS).join(" ");
  const cut = from > 0 || lead.length > LEAD_WORDS;
  const prefix = `${cut ? "… " : ""}${kept}${kept && /\s$/.test(before) ? " " : ""}`;
  return clip([{ mark: false, text: prefix }, ...parts.slice(first)]);
}

// At most SNIPPET_WORDS words, "…" after the cut.
function clip(parts) {
  let left = SNIPPET_WORDS;
  const kept = [];
  for (const part of parts) {
    const pieces = part.text.split(/(\s+)/);
    const words = pieces.filter((piece) => piece.trim()).length;
    if (words <= left) {
      kept.push(part);
      left -= words;
      continue;
    }
    let text = "";
    for (const piece of pieces) {
      if (piece.trim()) {
        if (!left) break;
        left -= 1;
      }
      text += piece;
    }
    kept.push({ mark: part.mark, text }, { mark: false, text: " …" });
    break;
  }
  return kept;
}

// Pagefind excerpts are text with <mark> around matches: keep exactly that, never other markup.
function excerptNode(html, title) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const out = document.createElement("p");
  out.className = "excerpt";
  const parts = Array.from(parsed.childNodes).map((node) => ({ mark: node.nodeName === "MARK", text: node.textContent }));
  for (const part of startAtMatch(parts, title || "")) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      out.append(mark);
    } else if (part.text) {
      out.append(document.createTextNode(part.text));
    }
  }
  return out;
}

// A facet's counts say what ticking one more of its values would add: they apply the other facets'
// choices, not its own (values within a facet are alternatives).
async function facetCounts(targets, query, chosen, search) {
  const counts = { ...search.filters };
  for (const name of Object.keys(chosen)) {
    const others = Object.fromEntries(
      Object.entries(chosen).filter(([other]) => other !== name).map(([other, values]) => [other, { any: values }]),
    );
    const without = await searchAll(targets, query, { filters: others });
    counts[name] = without.filters[name] || {};
  }
  return counts;
}

function drawResults(data) {
  for (const item of data) {
    const li = document.createElement("li");
    const link = Object.assign(document.createElement("a"), { href: item.url });
    link.textContent = item.meta.title || item.url;
    const heading = document.createElement("h2");
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [item.meta.date, item.meta.source].filter(Boolean).join(" · ");
    li.append(heading, meta, excerptNode(item.excerpt, item.meta.title));
    list.append(li);
  }
}

function dataOf(results) {
  return Promise.all(results.map((r) => r.data()));
}

// Results still to draw, in order: one list, taken PAGE at a time.
function inOrder(results) {
  let rest = results;
  return {
    take: async (count) => {
      const next = rest.slice(0, count);
      rest = rest.slice(count);
      return dataOf(next);
    },
    left: () => rest.length,
  };
}

// Several lists each in date order (one per language), merged by date as they are taken: only the results
// drawn and the next of each list are loaded (their "sortkey" meta: the date in UTC, then the path).
function mergedByDate(lists, direction) {
  const heads = lists.map((results) => ({ results, at: 0, data: null }));
  const later = (a, b) => (direction === "asc" ? a < b : a > b);
  return {
    take: async (count) => {
      const taken = [];
      while (taken.length < count) {
        const open = heads.filter((head) => head.at < head.results.length);
        if (!open.length) break;
        await Promise.all(open.map(async (head) => (head.data ||= await head.results[head.at].data())));
        const best = open.reduce((a, b) => (later(b.data.meta.sortkey, a.data.meta.sortkey) ? b : a));
        taken.push(best.data);
        best.at += 1;
        best.data = null;
      }
      return taken;
    },
    left: () => heads.reduce((sum, head) => sum + head.results.length - head.at, 0),
  };
}
// Pagefind sorts each shard's results by date but merges shards by score, which is not comparable across
// shards. A language's shards hold consecutive months, so its date order is shard order: ask each shard that
// has results on its own (the "shard" filter every index carries) and put the answers one after the other.
// The languages' lists are then merged by date.
async function inDateOrder(targets, query, options, counts, direction) {
  const lists = await Promise.all(
    targets.map(async ({ pagefind, shards }) => {
      const parts = await Promise.all(
        shards.map(async (name) => {
          if (!counts[name]) return [];
          const only = { ...options, filters: { ...options.filters, shard: name } };
          return (await pagefind.search(query || null, only)).results;
        }),
      );
      return (direction === "asc" ? parts.reverse() : parts).flat();
    }),
  );
  return lists.length === 1 ? inOrder(lists[0]) : mergedByDate(lists, direction);
}

function moreButton() {
  const button = Object.assign(document.createElement("button"), { type: "button", className: "more-results" });
  button.textContent = WORDS.more;
  button.addEventListener("click", async () => {
    button.remove();
    drawResults(await shown.take(PAGE));
    if (shown.left()) list.after(moreButton());
  });
  return button;
}

// Each search takes a number; one overtaken by a newer search (a quick second click) draws nothing.
let latest = 0;

async function run(updateAddress = true) {
  const mine = ++latest;
  const query = input.value.trim();
  const chosen = selected();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, values] of Object.entries(chosen)) for (const v of values) params.append(name, v);
  if (sortSelect.value) params.set("sort", sortSelect.value);
  if (languageSelect && languageSelect.value !== PAGE_LANGUAGE) params.set("lang", languageSelect.value);
  if (updateAddress) history.replaceState(null, "", `${location.pathname}${params.size ? "?" + params : ""}`);
  const targets = await instances();
  if (!query && !Object.keys(chosen).length) {
    const counts = (await Promise.all(targets.map(({ pagefind }) => pagefind.filters()))).reduce(addCounts, {});
    if (mine !== latest) return;
    document.querySelector(".more-results")?.remove();
    list.replaceChildren();
    drawFacets(counts, chosen);
    statusBox.textContent = WORDS.prompt;
    return;
  }
  const filters = Object.fromEntries(Object.entries(chosen).map(([name, values]) => [name, { any: values }]));
  const options = { filters };
  if (sortSelect.value) options.sort = { date: sortSelect.value };
  const search = await searchAll(targets, query, options);
  const counts = await facetCounts(targets, query, chosen, search);
  const results = sortSelect.value
    ? await inDateOrder(targets, query, options, search.filters.shard || {}, sortSelect.value)
    : inOrder(search.results);
  const first = await results.take(PAGE);
  if (mine !== latest) return;
  drawFacets(counts, chosen);
  document.querySelector(".more-results")?.remove();
  list.replaceChildren();
  drawResults(first);
  shown = results;
  if (shown.left()) list.after(moreButton());
  // The status comes last: when it changes, the results are on the page (screen readers hear it then too).
  const count = search.results.length;
  const found = words(count === 1 ? WORDS.found_one : WORDS.found_other, { count: numberFormat.format(count) });
  statusBox.textContent = count
    ? `${found}${query ? " " + words(WORDS.for, { query }) : ""}.`
    : query ? words(WORDS.none, { query }) : WORDS.none_filters;
}

// Load the index; true when search can run.
async function load() {
  try {
    const listing = await fetch(`${form.dataset.bundle}shards.json`);
    if (!listing.ok) throw new Error(`no search index (${listing.status})`);
    shardsOf = (await listing.json()).shards;
    if (!Object.keys(shardsOf).length) {
      statusBox.textContent = WORDS.empty;
      return false;
    }
    const params = new URLSearchParams(location.search);
    if (languageSelect && params.has("lang")) languageSelect.value = params.get("lang");
    await instances();
    return true;
  } catch (error) {
    statusBox.textContent = WORDS.unavailable;
    return false;
  }
}

// The search in the address, unless the reader has already typed while the index was loading.
async function restore() {
  const params = new URLSearchParams(location.search);
  if (!input.value) input.value = params.get("q") || "";
  if (params.has("sort")) sortSelect.value = params.get("sort");
  const chosen = {};
  for (const [name] of FACETS) if (params.getAll(name).length) chosen[name] = params.getAll(name);
  const targets = await instances();
  const counts = (await Promise.all(targets.map(({ pagefind }) => pagefind.filters()))).reduce(addCounts, {});
  drawFacets(counts, chosen); // ticked from the address, so the first search applies them
  await run(false);
}

// Listen at once: a search asked for while the index loads runs when it is ready, never as a page reload.
const ready = load();
ready.then((ok) => ok && restore());
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearTimeout(typing);
  if (await ready) run();
});
// Search as the reader types: after a pause of PAUSE ms since the last key.
const PAUSE = 250;
let typing = 0;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(async () => (await ready) && run(), PAUSE);
});
// Arrow keys: down from the box to the first result, then through the results; up back to the box.
function resultLinks() {
  return Array.from(list.querySelectorAll("h2 a"));
}
input.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown") return;
  const first = resultLinks()[0];
  if (first) {
    event.preventDefault();
    first.focus();
  }
});
list.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  if (at < 0) return;
  event.preventDefault();
  const next = at + (event.key === "ArrowDown" ? 1 : -1);
  if (next < 0) input.focus();
  else if (next < links.length) links[next].focus();
});
sortSelect.addEventListener("change", async () => (await ready) && run());
languageSelect?.addEventListener("change", async () => (await ready) && run());
facetsBox.addEventListener("change", async () => (await ready) && run());
