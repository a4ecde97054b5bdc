// graph.html's own script: labels by zoom, search, type filter, isolated switch, details panel.
// Every text from the data goes into the page with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgNetwork = network;

  var MAX_MATCHES = 12, LABEL_PX = 13, EDGE_LABEL_PX = 12, DIM = 0.18;
  var entity = {}, line = {}, incident = {};
  data.nodes.forEach(function (n) { entity[n.id] = n; incident[n.id] = []; });
  data.edges.forEach(function (e) { line[e.id] = e; incident[e.from].push(e.id); if (e.to !== e.from) incident[e.to].push(e.id); });
  var byRank = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });

  var searchBox = document.getElementById("kg-search");
  var matchList = document.getElementById("kg-matches");
  var isolatedSwitch = document.getElementById("kg-hide-isolated");
  var panel = document.getElementById("kg-panel");
  var panelBody = document.getElementById("kg-panel-body");
  var state = {hiddenTypes: {}, hideIsolated: isolatedSwitch.checked, focus: null, focusEdge: null,
               hover: null, hoverEdge: null, matches: [], active: -1};
  var labelSize = {}, edgeLabelSize = {}, hiddenNodes = {}, hiddenEdges = {};
  var dimmed = false, frame = null, settle = null;

  function typeName(type) { return (data.types[type] || ["其他"])[0] + " " + type; }
  function relationName(type) { return (data.relationNames[type] || "") + " " + type; }
  function isHidden(n) { return !!state.hiddenTypes[n.kgType] || (state.hideIsolated && n.degree === 0); }
  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = String(text);
    return made;
  }

  // ---- filters: types in the legend, entities with no relation ----
  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [], shownNodes = 0, shownEdges = 0, shownRelations = 0;
    data.nodes.forEach(function (n) {
      var hidden = isHidden(n);
      if (!hidden) shownNodes += 1;
      if (!!hiddenNodes[n.id] !== hidden) { hiddenNodes[n.id] = hidden; nodeUpdates.push({id: n.id, hidden: hidden}); }
    });
    data.edges.forEach(function (e) {
      var hidden = isHidden(entity[e.from]) || isHidden(entity[e.to]);
      if (!hidden) { shownEdges += 1; shownRelations += e.mentions.length; }
      if (!!hiddenEdges[e.id] !== hidden) { hiddenEdges[e.id] = hidden; edgeUpdates.push({id: e.id, hidden: hidden}); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    document.getElementById("kg-node-count").textContent = String(shownNodes);
    document.getElementById("kg-relation-count").textContent = String(shownRelations);
    document.getElementById("kg-edge-count").textContent = String(shownEdges);
    document.querySelectorAll("#kg-legend li").forEach(function (item) {
      item.querySelector("button").setAttribute("aria-pressed", state.hiddenTypes[item.dataset.type] ? "false" : "true");
    });
    isolatedSwitch.checked = state.hideIsolated;
    if (state.focus && isHidden(entity[state.focus])) clearFocus();
    scheduleLabels();
  }

  document.querySelectorAll("#kg-legend li").forEach(function (item) {
    item.querySelector("button").addEventListener("click", function () {
      state.hiddenTypes[item.dataset.type] = !state.hiddenTypes[item.dataset.type];
      applyFilters();
    });
  });
  isolatedSwitch.addEventListener("change", function () {
    state.hideIsolated = isolatedSwitch.checked;
    applyFilters();
  });

  function reveal(id) {
    var n = entity[id];
    if (state.hiddenTypes[n.kgType]) state.hiddenTypes[n.kgType] = false;
    if (n.degree === 0) state.hideIsolated = false;
    applyFilters();
  }

  // ---- labels: the most connected at every zoom, others from a zoom on; none over another ----
  // Searched, hovered and focused entities always show theirs.
  function labelWidth(text, px) {
    var width = 0;
    for (var i = 0; i < text.length; i++) width += text.charCodeAt(i) > 0x2e80 ? px : px * 0.6;
    return width;
  }

  function emphasised() {
    var ids = {};
    if (state.focus) { ids[state.focus] = true; neighbours(state.focus).forEach(function (id) { ids[id] = true; }); }
    if (state.focusEdge) { ids[line[state.focusEdge].from] = true; ids[line[state.focusEdge].to] = true; }
    if (state.hover) ids[state.hover] = true;
    state.matches.forEach(function (n) { ids[n.id] = true; });
    return ids;
  }

  function refreshLabels() {
    frame = null;
    var scale = network.getScale(), width = container.clientWidth, height = container.clientHeight;
    var positions = network.getPositions(), wanted = {}, cells = {}, cell = 80, strong = emphasised();
    function collides(box) {
      for (var cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
        for (var cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) {
          var list = cells[cx + ":" + cy] || [];
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) return true;
          }
        }
      }
      return false;
    }
    function add(box) {
      for (var cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
        for (var cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) {
          (cells[cx + ":" + cy] = cells[cx + ":" + cy] || []).push(box);
        }
      }
    }
    var ordered = byRank.filter(function (n) { return strong[n.id]; }).concat(byRank.filter(function (n) { return !strong[n.id]; }));
    ordered.forEach(function (n) {
      if (isHidden(n) || !positions[n.id]) return;
      var always = strong[n.id];
      if (!always && !n.hub && scale < (n.degree >= 3 ? data.labelZoom / 2 : data.labelZoom)) return;
      var px = n.hub ? data.hubFontSize : LABEL_PX;
      var dom = network.canvasToDOM(positions[n.id]);
      var half = labelWidth(n.label, px) / 2, top = dom.y + n.size * scale + 2;
      var box = [dom.x - half - 2, top, dom.x + half + 2, top + px * 1.3];
      if (box[2] < -50 || box[0] > width + 50 || box[3] < -50 || box[1] > height + 50) return;
      if (!always && collides(box)) return;
      add(box);
      wanted[n.id] = Math.round(px / scale * 100) / 100;
    });
    var updates = [];
    data.nodes.forEach(function (n) {
      var size = wanted[n.id] || 0;
      if ((labelSize[n.id] || 0) !== size) { labelSize[n.id] = size; updates.push({id: n.id, font: {size: size}}); }
    });
    if (updates.length) nodes.update(updates);
    var edgeWanted = {};
    [state.hoverEdge, state.focusEdge].forEach(function (id) {
      if (id) edgeWanted[id] = Math.round(EDGE_LABEL_PX / scale * 100) / 100;
    });
    var edgeUpdates = [];
    Object.keys(edgeLabelSize).concat(Object.keys(edgeWanted)).forEach(function (id) {
      var size = edgeWanted[id] || 0;
      if ((edgeLabelSize[id] || 0) !== size) {
        edgeUpdates.push({id: id, font: {size: size}});
        if (size) edgeLabelSize[id] = size; else delete edgeLabelSize[id];
      }
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
    window.kgStats.labels = Object.keys(wanted).sort();
  }

  // While the view moves, labels wait until it rests a moment: a pass resizes every shown label.
  function scheduleLabels(later) {
    if (later === true) {
      window.clearTimeout(settle);
      settle = window.setTimeout(function () { settle = null; scheduleLabels(); }, 120);
    } else if (frame === null) {
      frame = window.requestAnimationFrame(refreshLabels);
    }
  }

  // ---- focus: an entity (or a line) and its neighbours stand out, the rest fades ----
  function neighbours(id) {
    var found = {};
    incident[id].forEach(function (edgeId) {
      var e = line[edgeId];
      if (!isHidden(entity[e.from]) && !isHidden(entity[e.to])) found[e.from === id ? e.to : e.from] = true;
    });
    delete found[id];
    return Object.keys(found);
  }

  function applyEmphasis() {
    var keep = {}, keepEdges = {}, any = !!(state.focus || state.focusEdge);
    if (state.focus) {
      keep[state.focus] = true;
      neighbours(state.focus).forEach(function (id) { keep[id] = true; });
      incident[state.focus].forEach(function (id) { keepEdges[id] = true; });
    }
    if (state.focusEdge) {
      keep[line[state.focusEdge].from] = true; keep[line[state.focusEdge].to] = true; keepEdges[state.focusEdge] = true;
    }
    if (!any && !dimmed) return;
    nodes.update(data.nodes.map(function (n) { return {id: n.id, opacity: !any || keep[n.id] ? 1 : DIM}; }));
    edges.update(data.edges.map(function (e) {
      return {id: e.id, color: {opacity: !any || keepEdges[e.id] ? 1 : DIM}};
    }));
    dimmed = any;
  }

  function focusEntity(id, move) {
    if (!entity[id]) return;
    if (isHidden(entity[id])) reveal(id);
    state.focus = id; state.focusEdge = null;
    network.selectNodes([id]);
    applyEmphasis();
    showEntity(id);
    if (move) {
      // centred in the part of the view the panel leaves uncovered
      var offset = panel.hidden ? 0 : -Math.min(panel.offsetWidth + 10, container.clientWidth / 2) / 2;
      network.focus(id, {scale: Math.max(network.getScale(), 1), offset: {x: offset, y: 0},
                         animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    }
    scheduleLabels();
  }

  function focusLine(id) {
    state.focus = null; state.focusEdge = id;
    network.selectEdges([id]);
    applyEmphasis();
    showLine(id);
    scheduleLabels();
  }

  function clearFocus() {
    state.focus = null; state.focusEdge = null;
    network.unselectAll();
    applyEmphasis();
    panel.hidden = true;
    scheduleLabels();
  }

  // ---- the details panel ----
  function goto(id) {
    var n = entity[id];
    var button = element("button", "kg-goto", n.label);
    button.type = "button";
    button.dataset.id = id;
    button.addEventListener("click", function () { focusEntity(id, true); });
    return button;
  }

  function qualifiers(mention) {
    var parts = [];
    if (mention[1]) parts.push("职务 role: " + mention[1]);
    if (mention[2]) parts.push("年份 year: " + mention[2]);
    if (mention[3]) parts.push("日期 date: " + mention[3]);
    return parts.join(" · ");
  }

  function mentionBody(item, mention) {
    if (mention[5]) {
      item.appendChild(element("p", "kg-evidence kg-muted", "推断 Inferred (" + mention[5] + ")"));
      return;
    }
    item.appendChild(element("p", "kg-evidence", mention[4]));
    var title = data.documents[mention[0]];
    item.appendChild(element("div", "kg-doc", "来源 Source: " + mention[0] + (title ? " — " + title : "")));
  }

  function showEntity(id) {
    var n = entity[id];
    panelBody.textContent = "";
    panelBody.appendChild(element("h2", "", n.label));
    var kind = element("p", "kg-type");
    var chip = element("span", "kg-chip");
    chip.style.background = n.color;
    kind.appendChild(chip);
    kind.appendChild(document.createTextNode(typeName(n.kgType) + " · " + n.degree + " 条连线 lines"));
    panelBody.appendChild(kind);
    if (n.aliases.length) {
      panelBody.appendChild(element("h3", "", "别名 Also called"));
      panelBody.appendChild(element("p", "kg-aliases", n.aliases.join("、")));
    }
    panelBody.appendChild(element("h3", "", "提及它的文档 Documents (" + n.documents.length + ")"));
    var docs = element("ul", "kg-documents");
    n.documents.forEach(function (doc) {
      var title = data.documents[doc];
      docs.appendChild(element("li", "", doc + (title ? " — " + title : "")));
    });
    panelBody.appendChild(docs);

    var rows = [];
    incident[id].forEach(function (edgeId) {
      var e = line[edgeId], outgoing = e.from === id;
      e.mentions.forEach(function (mention) { rows.push({e: e, outgoing: outgoing, other: outgoing ? e.to : e.from, mention: mention}); });
    });
    rows.sort(function (a, b) {
      return (a.outgoing === b.outgoing ? 0 : a.outgoing ? -1 : 1) || (a.e.relation < b.e.relation ? -1 : a.e.relation > b.e.relation ? 1 : 0)
        || (entity[a.other].label < entity[b.other].label ? -1 : entity[a.other].label > entity[b.other].label ? 1 : 0);
    });
    panelBody.appendChild(element("h3", "", "关系 Relations (" + rows.length + ")"));
    var list = element("ul", "kg-relations");
    rows.forEach(function (row) {
      var item = element("li");
      item.dataset.edge = row.e.id;
      var head = element("div", "kg-relation-head");
      head.appendChild(document.createTextNode((row.outgoing ? "→ " : "← ") + relationName(row.e.relation) + " "));
      head.appendChild(goto(row.other));
      head.appendChild(element("span", "kg-qualifier", " (" + typeName(entity[row.other].kgType) + ")"));
      item.appendChild(head);
      var extra = qualifiers(row.mention);
      if (extra) item.appendChild(element("div", "kg-qualifier", extra));
      mentionBody(item, row.mention);
      list.appendChild(item);
    });
    panelBody.appendChild(list);
    if (n.outside) {
      panelBody.appendChild(element("p", "kg-muted kg-outside", "另有 " + n.outside + " 条关系连到本页未绘制的实体。"
        + n.outside + " more relation(s) lead to entities this page leaves out."));
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function showLine(id) {
    var e = line[id];
    panelBody.textContent = "";
    panelBody.appendChild(element("h2", "", relationName(e.relation)));
    var ends = element("p", "kg-ends");
    ends.appendChild(goto(e.from));
    ends.appendChild(document.createTextNode(" → "));
    ends.appendChild(goto(e.to));
    panelBody.appendChild(ends);
    panelBody.appendChild(element("h3", "", "证据 Evidence (" + e.mentions.length + ")"));
    var list = element("ul", "kg-relations");
    e.mentions.forEach(function (mention) {
      var item = element("li");
      var extra = qualifiers(mention);
      if (extra) item.appendChild(element("div", "kg-qualifier", extra));
      mentionBody(item, mention);
      list.appendChild(item);
    });
    panelBody.appendChild(list);
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  document.getElementById("kg-panel-close").addEventListener("click", clearFocus);

  // ---- search: label or alias, Simplified or Traditional (both forms are in each entity's terms) ----
  function findMatches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = [];
    byRank.forEach(function (n) {
      var label = n.label.toLowerCase();
      var best = label === q ? 0 : label.indexOf(q) === 0 ? 1 : label.indexOf(q) > 0 ? 2 : 3, term = label;
      n.terms.forEach(function (t) {
        var score = t === q ? 0 : t.indexOf(q) === 0 ? 1 : t.indexOf(q) > 0 ? 2 : 3;
        if (score < best) { best = score; term = t; }
      });
      if (best < 3) found.push({n: n, score: best, term: term});
    });
    found.sort(function (a, b) { return a.score - b.score || a.n.rank - b.n.rank; });
    return found.slice(0, MAX_MATCHES);
  }

  function showMatches() {
    var found = findMatches(searchBox.value);
    state.matches = found.map(function (m) { return m.n; });
    state.active = found.length ? 0 : -1;
    matchList.textContent = "";
    if (!searchBox.value.trim()) { closeMatches(); return; }
    if (!found.length) {
      matchList.appendChild(element("li", "kg-none", "没有匹配的实体 No entity matches"));
    }
    found.forEach(function (m, index) {
      var item = element("li");
      item.setAttribute("role", "option");
      item.dataset.id = m.n.id;
      item.appendChild(element("span", "kg-match-label", m.n.label));
      item.appendChild(element("span", "kg-match-type", typeName(m.n.kgType)));
      if (m.term !== m.n.label.toLowerCase()) item.appendChild(element("span", "kg-match-alias", "≈ " + m.term));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(index); });
      matchList.appendChild(item);
    });
    markActive();
    matchList.hidden = false;
    searchBox.setAttribute("aria-expanded", "true");
    scheduleLabels();
  }

  function markActive() {
    Array.prototype.forEach.call(matchList.children, function (item, index) {
      item.setAttribute("aria-selected", index === state.active ? "true" : "false");
      if (index === state.active) item.scrollIntoView({block: "nearest"});
    });
  }

  function closeMatches() {
    matchList.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
    state.matches = [];
    scheduleLabels();
  }

  function pick(index) {
    var n = state.matches[index];
    if (!n) return;
    searchBox.value = n.label;
    closeMatches();
    focusEntity(n.id, true);
  }

  searchBox.addEventListener("input", showMatches);
  searchBox.addEventListener("focus", function () { if (searchBox.value.trim()) showMatches(); });
  searchBox.addEventListener("blur", function () { closeMatches(); });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!state.matches.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      state.active = (state.active + step + state.matches.length) % state.matches.length;
      markActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(state.active < 0 ? 0 : state.active);
    } else if (event.key === "Escape") {
      closeMatches();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target !== searchBox) clearFocus();
  });

  // ---- the network's own events ----
  network.on("click", function (params) {
    if (params.nodes.length) focusEntity(params.nodes[0], false);
    else if (params.edges.length) focusLine(params.edges[0]);
    else clearFocus();
  });
  network.on("hoverNode", function (params) { state.hover = params.node; scheduleLabels(); });
  network.on("blurNode", function () { state.hover = null; scheduleLabels(); });
  network.on("hoverEdge", function (params) { state.hoverEdge = params.edge; scheduleLabels(); });
  network.on("blurEdge", function () { state.hoverEdge = null; scheduleLabels(); });
  ["zoom", "dragging"].forEach(function (name) { network.on(name, function () { scheduleLabels(true); }); });
  ["dragEnd", "animationFinished", "resize"].forEach(function (name) { network.on(name, function () { scheduleLabels(); }); });

  // Counts come from the drawn network: nodes that vis placed at finite coordinates.
  window.kgStats = {labels: []};
  network.on("afterDrawing", function () {
    var positions = network.getPositions(network.body.nodeIndices);
    var drawnNodes = Object.keys(positions).filter(function (id) {
      return isFinite(positions[id].x) && isFinite(positions[id].y);
    }).length;
    window.kgStats.nodes = nodes.length;
    window.kgStats.edges = edges.length;
    window.kgStats.drawnNodes = drawnNodes;
    window.kgStats.drawnEdges = network.body.edgeIndices.length;
    window.kgStats.stabilized = true;  // positions come with the page: nothing moves after the first paint
    window.kgStats.drawn = true;
    window.kgStats.scale = network.getScale();
  });

  applyFilters();
  network.fit({animation: false});
  refreshLabels();
})();
