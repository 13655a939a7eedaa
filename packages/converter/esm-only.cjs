'use strict';
// The "require" branch of this package's "exports": @hubvino/converter is an ES module package only.
const error = new Error(
  "@hubvino/converter is ESM only: use import (import { ... } from '@hubvino/converter') or, from CommonJS, await import('@hubvino/converter').",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
