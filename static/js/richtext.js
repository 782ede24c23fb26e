/* A small rich-text editor (pell) over every <textarea data-richtext>. The textarea stays the form
   field: the editor writes its HTML back on every change, and the server sanitises it on save. */
(function () {
  "use strict";
  function attach(textarea) {
    if (typeof window.pell === "undefined" || textarea.dataset.richtextReady) return;
    textarea.dataset.richtextReady = "1";
    var holder = document.createElement("div");
    holder.className = "richtext-editor";
    textarea.parentNode.insertBefore(holder, textarea.nextSibling);
    var editor = window.pell.init({
      element: holder,
      defaultParagraphSeparator: "p",
      styleWithCSS: false,
      actions: ["bold", "italic", "underline", "heading1", "heading2", "paragraph", "olist", "ulist", "quote", "link"],
      onChange: function (html) { textarea.value = html; }
    });
    editor.content.innerHTML = textarea.value;
    textarea.classList.add("richtext-source");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-richtext]").forEach(attach);
  });
})();
