"use strict";
// Placeholder for uWebSockets.js, which is published only on GitHub: the tests load Kuzzle's
// request objects, never its network layer.
throw new Error("uWebSockets.js is not installed (placeholder used by bodyguard's tests)");
