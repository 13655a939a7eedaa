export * from './manifest.js';
export {
  assertModelName,
  listModelNames,
  listModelVersions,
  readManifest,
  resolveArtifactVersion,
  sha256File,
  verifyArtifactFiles,
  versionDirectory,
} from './repository.js';
