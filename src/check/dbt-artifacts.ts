/**
 * Where the dbt project's artifacts are and how they are read: located (and the manifest's read started)
 * while the inputs are read, read while the migrations parse. The dbt modules load only when a dbt
 * project is configured.
 */
import type { CheckSettings } from "../config/settings.js";

export interface DbtArtifacts {
  readonly manifestPath: string;
  /** catalog.json found or named; whether it is read is decided after replay. */
  readonly catalogPath?: string;
  readonly catalogNamed: boolean;
  /**
   * The manifest's bytes, being read off the main thread from the start of the check while migrations
   * load and parse (not with --cache, whose project may make reading it needless). Taken once: holding
   * on to them would keep 200 MB alive for the rest of the check.
   */
  readonly takeManifestBytes: () => Promise<Buffer> | undefined;
}

/**
 * The prefetched manifest as text, when there is one. The bytes are decoded here so that nothing holds
 * them once this returns: the garbage collector frees them during JSON.parse instead of after the check.
 */
export async function prefetchedManifestText(artifacts: DbtArtifacts): Promise<{ text?: string }> {
  const bytes = await artifacts.takeManifestBytes();
  return bytes ? { text: bytes.toString("utf8") } : {};
}

/** The dbt modules load only when a dbt project is configured: a check without one is faster to start. */
export const dbtModules = () =>
  Promise.all([
    import("../dbt/locate.js"),
    import("../dbt/json.js"),
    import("../dbt/manifest.js"),
    import("./dbt-impact-index.js"),
    import("./dbt-coverage.js"),
  ]).then(([locate, json, manifest, impact, coverage]) => ({
    ...locate,
    ...json,
    ...manifest,
    ...impact,
    ...coverage,
  }));

/**
 * The dbt project's artifacts, located from the settings; the manifest's read starts at once (off the main
 * thread) unless `cache` (whose project may make reading it needless). Undefined without a dbt project.
 */
export async function locateDbtArtifacts(
  settings: Pick<CheckSettings, "dbt" | "cwd">,
  options: { readonly env?: NodeJS.ProcessEnv; readonly cache?: boolean },
): Promise<DbtArtifacts | undefined> {
  const { project: dbtProject, manifest, catalog, targetPath } = settings.dbt;
  if (!dbtProject && !manifest) return undefined;
  const { locateArtifacts, prefetchArtifact, MANIFEST_KIND } = await dbtModules();
  const located = locateArtifacts({
    ...(dbtProject && { dbtProject }),
    ...(manifest && { manifest }),
    ...(catalog && { catalog }),
    ...(targetPath && { targetPath }),
    env: options.env ?? process.env,
    cwd: settings.cwd,
  });
  let manifestBytes = options.cache ? undefined : prefetchArtifact(located.manifestPath, MANIFEST_KIND);
  // A failed read is reported where the bytes are used; until then it is not an unhandled rejection.
  manifestBytes?.catch(() => undefined);
  return {
    manifestPath: located.manifestPath,
    ...(located.catalogPath !== undefined && { catalogPath: located.catalogPath }),
    catalogNamed: catalog !== undefined,
    takeManifestBytes: () => {
      const taken = manifestBytes;
      manifestBytes = undefined;
      return taken;
    },
  };
}
