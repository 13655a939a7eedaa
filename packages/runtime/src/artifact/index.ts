export {
  checkManifestCompileConfig,
  checkManifestPath,
  MANIFEST_COMPILE_PROPERTIES,
  MAX_MANIFEST_BYTES,
} from './artifact-files.js';
export * from './manifest.js';
export {
  assertModelName,
  listModelNames,
  listModelVersions,
  MAX_MODEL_NAME_LENGTH,
  readManifest,
  resolveArtifactVersion,
  sha256File,
  type VerifyArtifactFilesOptions,
  verifyArtifactFiles,
  versionDirectory,
} from './repository.js';
