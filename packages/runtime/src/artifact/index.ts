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
  readManifest,
  resolveArtifactVersion,
  sha256File,
  type VerifyArtifactFilesOptions,
  verifyArtifactFiles,
  versionDirectory,
} from './repository.js';
