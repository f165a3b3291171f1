// A picker (org/pickers.py): a click on a search answer adds it to what is chosen (a hidden input carries
// its id), replacing the one chosen before unless the picker takes several; the × removes one. Enter picks
// the first answer instead of sending the form; Escape or a click elsewhere closes the answers. A change
// event (bubbling from the picker) tells the page what was chosen; window.luoshiPicker.choose puts back a
// choice the page kept (a draft). With no network the answers say so instead of staying empty.
(function () {
  function close(picker) {
    var list = picker.querySelector(".ls-picks");
    if (list) list.innerHTML = "";
  }

  function changed(picker) {
    picker.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function choose(picker, id, label) {
    var chosen = picker.querySelector(".ls-picked");
    if (!picker.hasAttribute("data-multiple")) chosen.innerHTML = "";
    if (!chosen.querySelector('input[value="' + id + '"]')) {
      var chip = document.createElement("span");
      chip.className = "ls-chip";
      chip.textContent = label;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = picker.getAttribute("data-name");
      input.value = id;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close";
      remove.setAttribute("data-unpick", "");
      remove.setAttribute("aria-label", "移除" + label);
      chip.append(input, remove);
      chosen.append(chip);
    }
  }
  window.luoshiPicker = { choose: choose };

  function pick(picker, button) {
    choose(picker, button.getAttribute("data-pick"), button.textContent);
    changed(picker);
    var search = picker.querySelector("input[type=search]");
    search.value = "";
    close(picker);
    search.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest && target.closest("[data-pick]");
    if (button) return pick(button.closest("[data-picker]"), button);
    if (target.closest && target.closest("[data-unpick]")) {
      var picker = target.closest("[data-picker]");
      target.closest(".ls-chip").remove();
      changed(picker);
      picker.querySelector("input[type=search]").focus();
      return;
    }
    document.querySelectorAll("[data-picker]").forEach(function (picker) {
      if (!picker.contains(target)) close(picker);
    });
  });

  document.addEventListener("htmx:sendError", function (event) {
    var picker = event.target.closest && event.target.closest("[data-picker]");
    var list = picker && picker.querySelector(".ls-picks");
    if (!list) return;
    var note = document.createElement("div");
    note.className = "list-group-item text-secondary small";
    note.textContent = "没有网络，暂时无法搜索；有信号时再选";
    list.replaceChildren(note);
  });

  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker || event.target.type !== "search") return;
    if (event.key === "Enter") {
      event.preventDefault();
      var first = picker.querySelector("[data-pick]");
      if (first) pick(picker, first);
    } else if (event.key === "Escape") {
      close(picker);
    } else if (event.key === "ArrowDown") {
      var answer = picker.querySelector("[data-pick]");
      if (answer) { event.preventDefault(); answer.focus(); }
    }
  });
})();
