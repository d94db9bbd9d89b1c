// Faceted search over the Pagefind index: words, filters (source, category, tag, year, language), sort by date.
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

async function drawResults(results) {
  const data = await Promise.all(results.map((r) => r.data()));
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

function moreButton() {
  const button = Object.assign(document.createElement("button"), { type: "button", className: "more" });
  button.textContent = "Show more results";
  button.addEventListener("click", async () => {
    button.remove();
    const next = shown.splice(0, PAGE);
    await drawResults(next);
    if (shown.length) list.after(moreButton());
  });
  return button;
}

async function run(updateAddress = true) {
  const query = input.value.trim();
  const chosen = selected();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, values] of Object.entries(chosen)) for (const v of values) params.append(name, v);
  if (sortSelect.value) params.set("sort", sortSelect.value);
  if (updateAddress) history.replaceState(null, "", `${location.pathname}${params.size ? "?" + params : ""}`);
  document.querySelector(".more")?.remove();
  list.replaceChildren();
  if (!query && !Object.keys(chosen).length) {
    drawFacets(await pagefind.filters(), chosen);
    statusBox.textContent = "Type words to search, or pick a filter.";
    return;
  }
  const filters = Object.fromEntries(Object.entries(chosen).map(([name, values]) => [name, { any: values }]));
  const options = { filters };
  if (sortSelect.value) options.sort = { date: sortSelect.value };
  const search = await pagefind.search(query || null, options);
  drawFacets(await facetCounts(query, chosen, search), chosen);
  shown = search.results.slice(PAGE);
  await drawResults(search.results.slice(0, PAGE));
  if (shown.length) list.after(moreButton());
  // The status comes last: when it changes, the results are on the page (screen readers hear it then too).
  const count = search.results.length;
  statusBox.textContent = count
    ? `${count} article${count === 1 ? "" : "s"} found${query ? ` for “${query}”` : ""}.`
    : `No articles match${query ? ` “${query}”` : " these filters"}. Try other words or fewer filters.`;
}

async function start() {
  try {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 24 });
    await pagefind.init();
  } catch (error) {
    statusBox.textContent = "Search is not available on this copy of the site.";
    return;
  }
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  sortSelect.value = params.get("sort") || "";
  const chosen = {};
  for (const [name] of FACETS) if (params.getAll(name).length) chosen[name] = params.getAll(name);
  drawFacets(await pagefind.filters(), chosen);
  await run(false);
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  sortSelect.addEventListener("change", () => run());
  facetsBox.addEventListener("change", () => run());
}

start();
