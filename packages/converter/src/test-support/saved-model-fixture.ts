/** The workspace's SavedModel fixtures (see fixtures/README.md), re-exported for the converter's tests. */
export {
  ensureSavedModelFixture,
  ensureStyleSavedModelFixture,
  type NpyArray,
  readNpy,
  type SavedModelFixture,
  type StyleSavedModelFixture,
} from '../../../../fixtures/saved-model-fixture.mjs';
