/** The workspace's SavedModel fixture (see fixtures/README.md), re-exported for the converter's tests. */
export {
  ensureSavedModelFixture,
  type NpyArray,
  readNpy,
  type SavedModelFixture,
} from '../../../../fixtures/saved-model-fixture.mjs';
