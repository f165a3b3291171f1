// A picker (org/pickers.py): a click on a search answer adds it to what is chosen (a hidden input carries
// its id), replacing the one chosen before unless the picker takes several; the × removes one. Enter picks
// the first answer instead of sending the form; Escape or a click elsewhere closes the answers.
(function () {
  function close(picker) {
    var list = picker.querySelector(".ls-picks");
    if (list) list.innerHTML = "";
  }

  function pick(picker, button) {
    var chosen = picker.querySelector(".ls-picked");
    var id = button.getAttribute("data-pick");
    if (!picker.hasAttribute("data-multiple")) chosen.innerHTML = "";
    if (!chosen.querySelector('input[value="' + id + '"]')) {
      var chip = document.createElement("span");
      chip.className = "ls-chip";
      chip.textContent = button.textContent;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = picker.getAttribute("data-name");
      input.value = id;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close";
      remove.setAttribute("data-unpick", "");
      remove.setAttribute("aria-label", "移除" + button.textContent);
      chip.append(input, remove);
      chosen.append(chip);
    }
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
      picker.querySelector("input[type=search]").focus();
      return;
    }
    document.querySelectorAll("[data-picker]").forEach(function (picker) {
      if (!picker.contains(target)) close(picker);
    });
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
