/** The workspace's SavedModel fixture (see fixtures/README.md), re-exported for this package's tests. */
export {
  ensureSavedModelFixture,
  readNpy,
  type SavedModelFixture,
} from '../../../../fixtures/saved-model-fixture.mjs';
