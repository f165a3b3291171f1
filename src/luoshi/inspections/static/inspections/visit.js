// 一线走访 on a phone with poor signal. The draft (every field) lives in localStorage and its photos in
// IndexedDB from the first keystroke, under a key drawn when the draft starts. Submitting queues the
// draft; it is sent to the API when the network is there — now, on the "online" event, or on a retry —
// with that key as its Idempotency-Key, so a draft sent twice is one visit. A file, not inline: the
// Content-Security-Policy refuses inline script.
// The draft's photos, in IndexedDB (localStorage holds text only): {draft, name, blob} rows.
var photos = (function () {
  var opened = null;
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = window.indexedDB.open("luoshi-visit", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("photos", { autoIncrement: true }).createIndex("draft", "draft");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }
  function run(mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction("photos", mode);
        var result = work(tx.objectStore("photos"));
        tx.oncomplete = function () { resolve(result && result.value !== undefined ? result.value : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  return {
    add: function (draft, files) {
      return run("readwrite", function (store) {
        files.forEach(function (f) { store.add({ draft: draft, name: f.name, type: f.type, blob: f }); });
      });
    },
    list: function (draft) {
      var found = { value: [] };
      return run("readonly", function (store) {
        store.index("draft").openCursor(window.IDBKeyRange.only(draft)).onsuccess = function (event) {
          var cursor = event.target.result;
          if (cursor) { found.value.push(cursor.value); cursor.continue(); }
        };
        return found;
      });
    },
    clear: function (draft) {
      return run("readwrite", function (store) {
        store.index("draft").openCursor(window.IDBKeyRange.only(draft)).onsuccess = function (event) {
          var cursor = event.target.result;
          if (cursor) { cursor.delete(); cursor.continue(); }
        };
      });
    }
  };
})();

(function () {
  var DRAFT = "luoshi-visit-draft";
  var storage;
  try { storage = window.localStorage; } catch (e) { storage = null; }

  // The visit page says which draft arrived: forget it.
  var sentMark = document.querySelector("[data-visit-sent]");
  if (sentMark && storage) {
    var kept = JSON.parse(storage.getItem(DRAFT) || "null");
    if (kept && kept.key === sentMark.getAttribute("data-visit-sent")) {
      storage.removeItem(DRAFT);
      photos.clear(kept.key);
    }
  }

  var form = document.getElementById("visit-form");
  if (!form || !storage) { return; }
  var statusBox = document.getElementById("visit-status");
  var photoList = document.getElementById("visit-photos");
  var discard = document.getElementById("visit-discard");
  var fileInput = form.querySelector("input[type=file]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var draft = JSON.parse(storage.getItem(DRAFT) || "null");
  var sending = false;
  var retry = null;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(text, kind) {
    statusBox.textContent = text;
    statusBox.className = "alert small alert-" + (kind || "info");
  }

  function persist() { storage.setItem(DRAFT, JSON.stringify(draft)); }

  function start() {
    if (!draft) { draft = { key: newKey(), fields: {}, photos: 0, queued: false }; }
    discard.classList.remove("d-none");
    return draft;
  }

  function collect() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || el.name === "client_key") { return; }
      fields[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    // A unit picked by search (core picker.js): its name too, so the draft shows it again with no network.
    draft.picked = {};
    form.querySelectorAll("[data-picker] .ls-chip").forEach(function (chip) {
      var input = chip.querySelector("input[type=hidden]");
      draft.picked[input.name] = { id: input.value, label: chip.textContent };
    });
    return fields;
  }

  function restore() {
    Object.keys(draft.fields).forEach(function (name) {
      var el = form.elements[name];
      if (!el) { return; }
      if (el.type === "checkbox") { el.checked = !!draft.fields[name]; } else { el.value = draft.fields[name]; }
    });
    Object.keys(draft.picked || {}).forEach(function (name) {
      var picker = form.querySelector('[data-picker][data-name="' + name + '"]');
      if (picker && window.luoshiPicker) { window.luoshiPicker.choose(picker, draft.picked[name].id, draft.picked[name].label); }
    });
    discard.classList.remove("d-none");
  }

  function showPhotos() {
    photos.list(draft ? draft.key : "").then(function (items) {
      photoList.textContent = items.length ? "已保存在本机的照片：" + items.map(function (p) { return p.name; }).join("、") : "";
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    start().fields = collect();
    persist();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") { start().fields = collect(); persist(); return; }
    var key = start().key;
    draft.fields = collect();
    persist();
    photos.add(key, Array.prototype.slice.call(fileInput.files)).then(function () {
      fileInput.value = "";
      showPhotos();
    });
  });
  discard.addEventListener("click", function () {
    if (draft) { photos.clear(draft.key); }
    storage.removeItem(DRAFT);
    window.location.reload();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    start().fields = collect();
    draft.queued = true;
    persist();
    send();
  });

  function body(items) {
    var data = new FormData();
    Object.keys(draft.fields).forEach(function (name) {
      var value = draft.fields[name];
      if (name === "raised") {
        value.split("\n").forEach(function (line) { if (line.trim()) { data.append("raised", line.trim()); } });
      } else if (typeof value === "boolean") {
        data.append(name, value ? "true" : "false");
      } else if (value !== "") {
        data.append(name, value);
      }
    });
    data.append("client_key", draft.key);
    items.forEach(function (p) { data.append("photos", p.blob, p.name); });
    return data;
  }

  function later(ms) {
    window.clearTimeout(retry);
    retry = window.setTimeout(send, ms);
  }

  function send() {
    if (!draft || !draft.queued || sending) { return; }
    if (!navigator.onLine) {
      say("现在没有网络：走访记录已保存在本机，网络恢复后会自动提交，不会重复提交。", "warning");
      later(15000);
      return;
    }
    sending = true;
    say("正在提交……", "info");
    photos.list(draft.key).then(function (items) {
      return fetch(form.getAttribute("data-api"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Idempotency-Key": draft.key, "X-CSRFToken": csrf, "Accept": "application/json" },
        body: body(items)
      });
    }).then(function (response) {
      return response.json().then(function (answer) { return { response: response, answer: answer }; });
    }).then(function (result) {
      sending = false;
      if (result.response.ok) {
        say("已提交。", "success");
        var key = draft.key;
        storage.removeItem(DRAFT);
        photos.clear(key).then(function () { window.location.href = result.answer.url; });
        return;
      }
      if (result.response.status === 409 && result.answer.code === "idempotency_in_progress") {
        later(2000);
        return;
      }
      draft.queued = false;
      persist();
      say(result.answer.detail || "提交失败，请检查后重试", "danger");
    }).catch(function () {
      sending = false;
      say("网络中断：走访记录已保存在本机，网络恢复后会自动提交，不会重复提交。", "warning");
      later(15000);
    });
  }

  window.addEventListener("online", send);
  if (draft) {
    restore();
    showPhotos();
    if (draft.queued) { say("有一条尚未提交的走访记录，正在重新提交。", "warning"); send(); }
    else { say("已恢复上次未提交的草稿。", "info"); }
  }
})();
