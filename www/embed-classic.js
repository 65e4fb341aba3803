// For hosts that can only add classic scripts, like mdBook's `additional-js`: loads embed.js
// (an ES module, which a classic <script> cannot be) from beside this file.
import(new URL('embed.js', document.currentScript.src).href);
