// The registry's public surface: the bundled snapshot, the merged Registry, the scanners and the RegistryManager.
export type * from './types';
export { createRegistry, type CreateRegistryOptions } from './registry';
export { loadSnapshot, describeSnapshot, snapshotCandidates, type RegistrySnapshot } from './snapshot';
export { scanHelmSource, scanPluginFile, findHelmSrcRoot, type ScannedSource, type HelmScanOptions } from './scanHelm';
export { scanConfValues, countConfValues } from './scanConfValues';
export { scanRunSpecFunctions, type ScannedFile, type ScanOptions } from './scanRunSpecs';
export { scanRunExpanderSource, scanDeploymentGenerators, NEEDS_MODELS_TO_RUN, type ExpanderValueCounts } from './scanExpanders';
export { readModelMetadataYaml, readModelDeploymentsYaml, type YamlRead, type YamlReadOptions } from './yamlConfigs';
export { findInstalledHelm, probeInstalledHelm, type InstalledHelm } from './installed';
export { RegistryManager, readWorkspaceFile, resolvePlugin, type RegistryManagerConfig } from './manager';
export { tokenizePython, type PyToken } from './pyTokens';
