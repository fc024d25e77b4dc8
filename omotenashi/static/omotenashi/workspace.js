/* Keyboard shortcuts of the agent workspace (the list is in the "?" dialog, agent_base.html).
 *
 * Keys act only when no text field has focus (Esc leaves one), and never with Ctrl, Alt or
 * Meta, so the browser's and the screen reader's own keys keep working. Everything a key
 * does is also a visible link or control on the page.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("shortcuts-help");

  function typing(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  function openHelp() {
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.querySelectorAll(".shortcuts-open").forEach(function (button) {
    button.addEventListener("click", openHelp);
  });
  if (dialog) {
    // A click on the backdrop (outside the box) closes the help too.
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
  }

  // The account menu closes when focus or a click goes elsewhere, and on Esc.
  document.querySelectorAll("details.account").forEach(function (menu) {
    document.addEventListener("click", function (e) { if (!menu.contains(e.target)) menu.open = false; });
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); e.stopPropagation(); }
    });
  });

  // --- the inbox: j / k move through the rows -----------------------------------------------
  function rowLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#inbox-rows a.subject"));
  }

  function moveInList(step) {
    var links = rowLinks();
    if (!links.length) return false;
    var at = links.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
    links[next].closest("tr").scrollIntoView({ block: "nearest" });
    return true;
  }

  // The live poll replaces the rows every few seconds: keep the agent's place.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var row = document.activeElement && document.activeElement.closest && document.activeElement.closest("#inbox-rows tr");
    e.detail.target.dataset.focusTicket = row && e.detail.target.contains(row) ? row.dataset.ticket : "";
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    // A macro filled the composer: the agent goes on in the text it wrote.
    if (e.detail.target.id === "composer") {
      var body = document.getElementById("id_body");
      if (body) { body.focus(); body.setSelectionRange(body.value.length, body.value.length); }
      return;
    }
    var id = e.detail.target.dataset.focusTicket;
    if (!id) return;
    var link = e.detail.target.querySelector('tr[data-ticket="' + id + '"] a.subject');
    if (link) link.focus({ preventScroll: true });
  });

  // --- the ticket page -----------------------------------------------------------------------
  function follow(key) {
    var link = document.querySelector('a[data-key="' + key + '"]');
    if (!link) return false;
    window.location.assign(link.href);
    return true;
  }

  function compose(kind, status) {
    var radio = document.querySelector('#composer input[name=kind][value="' + kind + '"]');
    var body = document.getElementById("id_body");
    if (!radio || !body) return false;
    radio.checked = true;
    if (status !== undefined) {
      var select = document.getElementById("id_status");
      if (select) select.value = status;
    }
    body.focus();
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.metaKey || e.altKey) return;
    // Ctrl+Enter sends the composer from inside its text box.
    if (e.ctrlKey) {
      if (e.key === "Enter" && e.target.id === "id_body" && e.target.form) {
        e.preventDefault();
        e.target.form.requestSubmit();
      }
      return;
    }
    if (typing(e.target)) {
      if (e.key === "Escape" && !(dialog && dialog.open)) e.target.blur();
      return;
    }
    if (dialog && dialog.open) return;
    var done = false;
    switch (e.key) {
      case "?": openHelp(); done = true; break;
      case "/":
        var search = document.getElementById("global-search") || document.querySelector("main [role=search] input[type=search]");
        if (search) { search.focus(); search.select(); done = true; }
        break;
      case "j": done = moveInList(1) || follow("j"); break;
      case "k": done = moveInList(-1) || follow("k"); break;
      case "u": done = follow("u"); break;
      case "r": done = compose("reply"); break;
      case "n": done = compose("note"); break;
      case "s": done = compose("reply", "solved"); break;
    }
    if (done) e.preventDefault();
  });
})();
