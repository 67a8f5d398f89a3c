/* The café card's "Read aloud" button. */
(function () {
  "use strict";

  /* Read aloud: the café's essentials in the card's language, with a voice of that language
     where the phone has one; without one the button stays hidden. */
  var readButtons = document.querySelectorAll(".read-aloud");
  if (readButtons.length && "speechSynthesis" in window) {
    var voiceFor = function (lang) {
      var wanted = lang.toLowerCase();
      return window.speechSynthesis.getVoices().filter(function (voice) {
        var code = voice.lang.toLowerCase().replace("_", "-");
        return code === wanted || code.indexOf(wanted + "-") === 0;
      })[0];
    };
    var showReadButtons = function () {
      readButtons.forEach(function (button) {
        button.hidden = !voiceFor(button.getAttribute("data-lang"));
      });
    };
    showReadButtons();
    window.speechSynthesis.addEventListener("voiceschanged", showReadButtons);
    readButtons.forEach(function (button) {
      var label = button.querySelector(".label");
      var readLabel = label.textContent;
      button.addEventListener("click", function () {
        var synth = window.speechSynthesis;
        if (synth.speaking) {
          synth.cancel();
          return;
        }
        var utterance = new SpeechSynthesisUtterance(button.getAttribute("data-say"));
        utterance.lang = button.getAttribute("data-lang");
        utterance.voice = voiceFor(utterance.lang) || null;
        utterance.onend = utterance.onerror = function () { label.textContent = readLabel; };
        label.textContent = button.getAttribute("data-stop");
        synth.speak(utterance);
      });
    });
  }
})();
