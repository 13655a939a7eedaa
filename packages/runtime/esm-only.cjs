'use strict';
// The "require" branch of this package's "exports": @hubvino/runtime is an ES module package only.
const error = new Error(
  "@hubvino/runtime is ESM only: use import (import { ... } from '@hubvino/runtime') or, from CommonJS, await import('@hubvino/runtime').",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
