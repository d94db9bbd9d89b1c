// Faceted search over the Pagefind index: words, filters (source, category, tag, year, language), sort by date.
// The index comes in shards of consecutive months (pagefind/shards.json lists them, newest first): the newest
// is loaded and the others merged into it, so a search covers the whole archive.
// The state lives in the address (?q=&source=&sort=) so searches can be shared; nothing is fetched from elsewhere.
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const sortSelect = document.getElementById("search-sort");
const facetsBox = document.getElementById("search-facets");
const statusBox = document.getElementById("search-status");
const list = document.getElementById("search-results");
const FACETS = [["source", "Source"], ["category", "Category"], ["tag", "Tag"], ["year", "Year"], ["language", "Language"]];
const PAGE = 20;
let pagefind;
let shards = []; // shard folder names, newest first: the order Pagefind merges them in
let shown = [];

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
    const names = Object.keys(values).sort((a, b) => (name === "year" ? b.localeCompare(a) : a.localeCompare(b)));
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
}

// Pagefind excerpts are text with <mark> around matches: keep exactly that, never other markup.
function excerptNode(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const out = document.createElement("p");
  out.className = "excerpt";
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// A facet's counts say what ticking one more of its values would add: they apply the other facets'
// choices, not its own (values within a facet are alternatives).
async function facetCounts(query, chosen, search) {
  const counts = { ...search.filters };
  for (const name of Object.keys(chosen)) {
    const others = Object.fromEntries(
      Object.entries(chosen).filter(([other]) => other !== name).map(([other, values]) => [other, { any: values }]),
    );
    const without = await pagefind.search(query || null, { filters: others });
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
    li.append(heading, meta, excerptNode(item.excerpt));
    list.append(li);
  }
}

function dataOf(results) {
  return Promise.all(results.map((r) => r.data()));
}
// Pagefind sorts each shard's results by date but merges shards by score, which is not comparable across
// shards. Shards hold consecutive months, so date order is shard order: ask each shard that has results
// on its own (the "shard" filter every index carries) and put the answers one after the other.
async function inDateOrder(query, options, counts, direction) {
  const parts = await Promise.all(
    shards.map(async (name) => {
      if (!counts[name]) return [];
      const only = { ...options, filters: { ...options.filters, shard: name } };
      return (await pagefind.search(query || null, only)).results;
    }),
  );
  return (direction === "asc" ? parts.reverse() : parts).flat();
}

function moreButton() {
  const button = Object.assign(document.createElement("button"), { type: "button", className: "more" });
  button.textContent = "Show more results";
  button.addEventListener("click", async () => {
    button.remove();
    const next = shown.splice(0, PAGE);
    drawResults(await dataOf(next));
    if (shown.length) list.after(moreButton());
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
  if (updateAddress) history.replaceState(null, "", `${location.pathname}${params.size ? "?" + params : ""}`);
  if (!query && !Object.keys(chosen).length) {
    const counts = await pagefind.filters();
    if (mine !== latest) return;
    document.querySelector(".more")?.remove();
    list.replaceChildren();
    drawFacets(counts, chosen);
    statusBox.textContent = "Type words to search, or pick a filter.";
    return;
  }
  const filters = Object.fromEntries(Object.entries(chosen).map(([name, values]) => [name, { any: values }]));
  const options = { filters };
  if (sortSelect.value) options.sort = { date: sortSelect.value };
  const search = await pagefind.search(query || null, options);
  const counts = await facetCounts(query, chosen, search);
  const results = sortSelect.value
    ? await inDateOrder(query, options, search.filters.shard || {}, sortSelect.value)
    : search.results;
  const first = await dataOf(results.slice(0, PAGE));
  if (mine !== latest) return;
  drawFacets(counts, chosen);
  document.querySelector(".more")?.remove();
  list.replaceChildren();
  drawResults(first);
  shown = results.slice(PAGE);
  if (shown.length) list.after(moreButton());
  // The status comes last: when it changes, the results are on the page (screen readers hear it then too).
  const count = search.results.length;
  statusBox.textContent = count
    ? `${count} article${count === 1 ? "" : "s"} found${query ? ` for “${query}”` : ""}.`
    : `No articles match${query ? ` “${query}”` : " these filters"}. Try other words or fewer filters.`;
}

// Load the index; true when search can run.
async function load() {
  try {
    const listing = await fetch(`${form.dataset.bundle}shards.json`);
    if (!listing.ok) throw new Error(`no search index (${listing.status})`);
    shards = (await listing.json()).shards;
    if (!shards.length) {
      statusBox.textContent = "There are no articles to search yet.";
      return false;
    }
    const options = { baseUrl: form.dataset.base, excerptLength: 24 };
    pagefind = await import(`${form.dataset.bundle}${shards[0]}/pagefind.js`);
    await pagefind.options(options);
    await pagefind.init();
    await pagefind.options({ mergeFilter: { shard: shards[0] } });
    await Promise.all(
      shards.slice(1).map((name) =>
        pagefind.mergeIndex(`${form.dataset.bundle}${name}/`, { ...options, mergeFilter: { shard: name } }),
      ),
    );
    return true;
  } catch (error) {
    statusBox.textContent = "Search is not available on this copy of the site.";
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
  drawFacets(await pagefind.filters(), chosen); // ticked from the address, so the first search applies them
  await run(false);
}

// Listen at once: a search asked for while the index loads runs when it is ready, never as a page reload.
const ready = load();
ready.then((ok) => ok && restore());
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await ready) run();
});
sortSelect.addEventListener("change", async () => (await ready) && run());
facetsBox.addEventListener("change", async () => (await ready) && run());
